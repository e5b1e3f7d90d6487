import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { nodeDisk } from '../../src/io/disk.js';
import { ErrorCode } from '../../src/errors.js';
import { Wal } from '../../src/wal/wal.js';
import { GatedDisk } from './doubles.js';
import { logFiles, openCollecting, payload, recover, tempWalDir, writeLog } from './fixtures.js';

const HEADER = 32;
const FRAME = 8;

test('records come back from recovery byte for byte, framed as [length][CRC-32][payload]', async (t) => {
  const dir = tempWalDir(t);
  const written = [payload(0, 1), payload(1, 1000), payload(2, 70_000)];

  await writeLog({ dir, disk: nodeDisk }, written);
  const { payloads, recovery } = await recover({ dir, disk: nodeDisk });

  assert.deepEqual(payloads, written);
  assert.deepEqual(recovery, { records: 3, files: 1, cut: undefined });
  const bytes = fs.readFileSync(path.join(dir, '0000000000000001.log'));
  assert.equal(bytes.toString('latin1', 0, 4), 'LTWL');
  assert.equal(bytes.readUInt32LE(HEADER), 1);
  assert.equal(bytes.readUInt32LE(HEADER + 4), crc32(written[0]!));
  assert.equal(bytes.length, HEADER + 3 * FRAME + 1 + 1000 + 70_000);
});

test('records larger than the read chunk, or straddling chunks, are recovered whole', async (t) => {
  const dir = tempWalDir(t);
  const written = [payload(0, 700_000), payload(1, 3_000_000), payload(2, 10), payload(3, 900_000)];

  await writeLog({ dir, disk: nodeDisk }, written);
  const { payloads } = await recover({ dir, disk: nodeDisk });

  assert.deepEqual(payloads, written);
});

test('appends made in one tick are written as one group: one fsync', async (t) => {
  const dir = tempWalDir(t);
  const { wal } = await Wal.open({ dir, disk: nodeDisk });

  await Promise.all(Array.from({ length: 100 }, (_, i) => wal.append(payload(i, 200), i, 1)));

  assert.equal(wal.fsyncs, 1);
  assert.equal(wal.bytesWritten, HEADER + 100 * (FRAME + 200));
  await wal.close();
});

test('appends arriving while a group is being fsynced are written together as the next group', async (t) => {
  const dir = tempWalDir(t);
  const gated = new GatedDisk();
  const { wal } = await Wal.open({ dir, disk: gated.disk });
  const held = gated.holdNextFsync();
  const first = wal.append(payload(0, 100), 0, 1);
  await held.reached;

  const later = Array.from({ length: 50 }, (_, i) => wal.append(payload(i + 1, 100), i + 1, 1));
  held.release();
  await Promise.all([first, ...later]);

  assert.equal(wal.fsyncs, 2);
  await wal.close();
  assert.equal((await recover({ dir, disk: nodeDisk })).payloads.length, 51);
});

test('appends resolve, and are recovered, in call order', async (t) => {
  const dir = tempWalDir(t);
  const gated = new GatedDisk();
  const { wal } = await Wal.open({ dir, disk: gated.disk });
  const sizes = [5, 3000, 1, 64, 20_000, 7, 512, 2];
  const resolved: number[] = [];
  const held = gated.holdNextFsync();
  const appends = sizes
    .slice(0, 2)
    .map((s, i) => wal.append(payload(i, s), i, 1).then(() => resolved.push(i)));
  await held.reached;

  for (const [i, s] of sizes.entries())
    if (i >= 2) appends.push(wal.append(payload(i, s), i, 1).then(() => resolved.push(i)));
  held.release();
  await Promise.all(appends);
  await wal.close();

  assert.deepEqual(resolved, [0, 1, 2, 3, 4, 5, 6, 7]);
  const { payloads } = await recover({ dir, disk: nodeDisk });
  assert.deepEqual(
    payloads,
    sizes.map((s, i) => payload(i, s)),
  );
});

test('a group holds at most maxPendingBytes: appends beyond it wait for the next group', async (t) => {
  const dir = tempWalDir(t);
  const { wal } = await Wal.open({ dir, disk: nodeDisk, maxPendingBytes: 3 * (FRAME + 100) });

  await Promise.all(Array.from({ length: 10 }, (_, i) => wal.append(payload(i, 100), i, 1)));

  assert.equal(wal.fsyncs, 4);
  await wal.close();
});

test('a record larger than maxPendingBytes is written alone', async (t) => {
  const dir = tempWalDir(t);
  const { wal } = await Wal.open({ dir, disk: nodeDisk, maxPendingBytes: 64 });

  await Promise.all([wal.append(payload(0, 10), 0, 1), wal.append(payload(1, 5000), 1, 1)]);
  await wal.close();

  assert.deepEqual((await recover({ dir, disk: nodeDisk })).payloads, [payload(0, 10), payload(1, 5000)]);
});

test('a new file starts once the current one reaches fileBytes; trim deletes files wholly below a row', async (t) => {
  const dir = tempWalDir(t);
  const options = { dir, disk: nodeDisk, fileBytes: 1000 };
  const { wal } = await Wal.open(options);
  // 300-byte payloads: a file fills after 4 records, so files hold rows [0, 40), [40, 80), [80, 100).
  for (let i = 0; i < 10; i++) await wal.append(payload(i, 300), i * 10, 10);
  const fileBytes = (records: number): number => HEADER + records * (FRAME + 300);
  assert.deepEqual(logFiles(dir), ['0000000000000001.log', '0000000000000002.log', '0000000000000003.log']);
  assert.equal(wal.size, 2 * fileBytes(4) + fileBytes(2));

  assert.equal(wal.trim(39), 0);
  assert.equal(wal.trim(40), 1);
  assert.equal(wal.trim(79), 0);
  assert.equal(wal.trim(1_000), 1, 'the current file stays');

  assert.deepEqual(logFiles(dir), ['0000000000000003.log']);
  assert.equal(wal.size, fileBytes(2));
  await wal.close();
  const { payloads } = await recover(options);
  assert.deepEqual(payloads, [payload(8, 300), payload(9, 300)]);
});

test('recovery from a row skips the files wholly below it', async (t) => {
  const dir = tempWalDir(t);
  const options = { dir, disk: nodeDisk, fileBytes: 1000 };
  const { wal } = await Wal.open(options);
  for (let i = 0; i < 10; i++) await wal.append(payload(i, 300), i * 10, 10);
  await wal.close();

  const opened = await openCollecting(options, 45);
  await opened.wal.close();

  assert.deepEqual(
    opened.payloads,
    [4, 5, 6, 7, 8, 9].map((i) => payload(i, 300)),
  );
  assert.equal(opened.wal.size, 2 * (HEADER + 4 * (FRAME + 300)) + HEADER + 2 * (FRAME + 300));
});

test('a reopened log goes on appending to its last file', async (t) => {
  const dir = tempWalDir(t);
  const options = { dir, disk: nodeDisk };
  await writeLog(options, [payload(0, 10)]);

  const { wal } = await Wal.open(options);
  await wal.append(payload(1, 20), 1, 1);
  await wal.close();

  assert.deepEqual(logFiles(dir), ['0000000000000001.log']);
  assert.deepEqual((await recover(options)).payloads, [payload(0, 10), payload(1, 20)]);
});

test('append refuses bad arguments with InvalidArgumentError and keeps working', async (t) => {
  const dir = tempWalDir(t);
  const { wal } = await Wal.open({ dir, disk: nodeDisk, maxRecordBytes: 100 });
  await wal.append(payload(0, 10), 10, 5);
  const invalid = { code: ErrorCode.InvalidArgument };

  await assert.rejects(wal.append(new Uint8Array(0), 15, 1), invalid);
  await assert.rejects(wal.append(payload(1, 101), 15, 1), invalid);
  await assert.rejects(wal.append(payload(1, 10), 14, 1), invalid, 'rows must ascend');
  await assert.rejects(wal.append(payload(1, 10), 15, -1), invalid);
  await assert.rejects(wal.append(payload(1, 10), 1.5, 1), invalid);
  await wal.append(payload(1, 10), 15, 1);

  await wal.close();
});

test('close waits for queued appends; later appends and trims reject with ClosedError', async (t) => {
  const dir = tempWalDir(t);
  const { wal } = await Wal.open({ dir, disk: nodeDisk });
  const queued = wal.append(payload(0, 10), 0, 1);

  await wal.close();
  await queued;

  await assert.rejects(wal.append(payload(1, 10), 1, 1), { code: ErrorCode.Closed });
  assert.throws(() => wal.trim(1), { code: ErrorCode.Closed });
  await wal.close();
});

test('options out of range are refused, naming the option and the value', async (t) => {
  const dir = tempWalDir(t);

  await assert.rejects(Wal.open({ dir, disk: nodeDisk, fileBytes: 0 }), {
    code: ErrorCode.InvalidArgument,
    message: /fileBytes.*got 0/,
  });
  await assert.rejects(Wal.open({ dir, disk: nodeDisk, maxRecordBytes: 2 ** 32 }), {
    code: ErrorCode.InvalidArgument,
    message: /maxRecordBytes/,
  });
  await assert.rejects(Wal.open({ dir, disk: nodeDisk, maxPendingBytes: 1.5 }), {
    code: ErrorCode.InvalidArgument,
    message: /maxPendingBytes/,
  });
});
