import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeDisk } from '../../src/io/disk.js';
import { FaultyDisk } from '../../src/io/faulty-disk.js';
import { ErrorCode } from '../../src/errors.js';
import { Wal } from '../../src/wal/wal.js';
import { logFiles, payload, recover, tempWalDir } from './fixtures.js';

test('ENOSPC on write rejects the whole group with NoSpaceError and keeps none of it', async (t) => {
  const dir = tempWalDir(t);
  const disk = new FaultyDisk(nodeDisk);
  const { wal } = await Wal.open({ dir, disk });
  await wal.append(payload(0, 100), 0, 1);
  const removeFault = disk.inject({ op: 'write', pathIncludes: '.log', error: 'ENOSPC' });

  const group = [wal.append(payload(1, 100), 1, 1), wal.append(payload(2, 100), 2, 1)];

  for (const append of group) await assert.rejects(append, { code: ErrorCode.NoSpace });
  removeFault();
  await wal.append(payload(3, 100), 1, 1);
  await wal.close();
  const { payloads, recovery } = await recover({ dir, disk: nodeDisk });
  assert.deepEqual(payloads, [payload(0, 100), payload(3, 100)]);
  assert.equal(recovery.cut, undefined);
});

test('a write that fails halfway is cut back, leaving no garbage for the next append to follow', async (t) => {
  const dir = tempWalDir(t);
  const disk = new FaultyDisk(nodeDisk);
  const { wal } = await Wal.open({ dir, disk });
  await wal.append(payload(0, 100), 0, 1);
  disk.inject({ op: 'write', error: 'short', times: 1 });
  disk.inject({ op: 'write', error: 'ENOSPC', times: 1 });

  await assert.rejects(wal.append(payload(1, 5000), 1, 1), { code: ErrorCode.NoSpace });

  const durable = fs.statSync(path.join(dir, '0000000000000001.log')).size;
  assert.equal(durable, wal.size);
  await wal.append(payload(2, 10), 1, 1);
  await wal.close();
  assert.deepEqual((await recover({ dir, disk: nodeDisk })).payloads, [payload(0, 100), payload(2, 10)]);
});

test('ENOSPC on the first group of a new file leaves no torn file behind', async (t) => {
  const dir = tempWalDir(t);
  const disk = new FaultyDisk(nodeDisk);
  const { wal } = await Wal.open({ dir, disk, fileBytes: 100 });
  await wal.append(payload(0, 100), 0, 1);
  const removeFault = disk.inject({ op: 'write', error: 'ENOSPC' });

  await assert.rejects(wal.append(payload(1, 100), 1, 1), { code: ErrorCode.NoSpace });
  removeFault();
  await wal.close();

  assert.deepEqual(logFiles(dir), ['0000000000000001.log']);
  const { payloads, recovery } = await recover({ dir, disk: nodeDisk });
  assert.deepEqual(payloads, [payload(0, 100)]);
  assert.equal(recovery.cut, undefined);
});

test('short writes are completed: the records come back whole', async (t) => {
  const dir = tempWalDir(t);
  const disk = new FaultyDisk(nodeDisk);
  const { wal } = await Wal.open({ dir, disk });
  disk.inject({ op: 'write', error: 'short', times: 5 });

  await Promise.all([wal.append(payload(0, 3000), 0, 1), wal.append(payload(1, 10), 1, 1)]);
  await wal.close();

  assert.deepEqual((await recover({ dir, disk: nodeDisk })).payloads, [payload(0, 3000), payload(1, 10)]);
});

test('EIO on fsync fails the log: that group and every later append reject with IoError until reopened', async (t) => {
  const dir = tempWalDir(t);
  const disk = new FaultyDisk(nodeDisk);
  const { wal } = await Wal.open({ dir, disk });
  await wal.append(payload(0, 100), 0, 1);
  disk.inject({ op: 'fsync', error: 'EIO', times: 1 });

  await assert.rejects(wal.append(payload(1, 100), 1, 1), { code: ErrorCode.Io });

  await assert.rejects(wal.append(payload(2, 100), 1, 1), { code: ErrorCode.Io, message: /reopened/ });
  await wal.close();
  const reopened = await Wal.open({ dir, disk });
  await reopened.wal.append(payload(3, 100), 1, 1);
  await reopened.wal.close();
  assert.deepEqual((await recover({ dir, disk: nodeDisk })).payloads, [payload(0, 100), payload(3, 100)]);
});

test('appends queued behind a failed fsync are rejected too', async (t) => {
  const dir = tempWalDir(t);
  const disk = new FaultyDisk(nodeDisk);
  const { wal } = await Wal.open({ dir, disk, maxPendingBytes: 200 });
  disk.inject({ op: 'fsync', error: 'EIO', times: 1 });

  const results = await Promise.allSettled([0, 1, 2].map((i) => wal.append(payload(i, 150), i, 1)));

  assert.deepEqual(
    results.map((r) => r.status === 'rejected' && (r.reason as { code: string }).code),
    [ErrorCode.Io, ErrorCode.Io, ErrorCode.Io],
  );
  assert.equal(wal.fsyncs, 2, 'the failed group fsync, then the fsync of its cut; nothing more');
  await wal.close();
});

test('a read error during recovery is an IoError and cuts nothing', async (t) => {
  const dir = tempWalDir(t);
  const { wal } = await Wal.open({ dir, disk: nodeDisk });
  await wal.append(payload(0, 100), 0, 1);
  await wal.close();
  const before = fs.statSync(path.join(dir, '0000000000000001.log')).size;
  const disk = new FaultyDisk(nodeDisk);
  disk.inject({ op: 'read', after: 1, error: 'EIO' });

  await assert.rejects(Wal.open({ dir, disk }), { code: ErrorCode.Io });

  assert.equal(fs.statSync(path.join(dir, '0000000000000001.log')).size, before);
});
