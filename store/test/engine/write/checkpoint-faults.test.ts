import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { Store } from '../../../src/engine/store.js';
import type { FaultRule } from '../../../src/io/faulty-disk.js';
import { FaultyDisk } from '../../../src/io/faulty-disk.js';
import { nodeDisk } from '../../../src/io/disk.js';
import { makeRows, tempDir } from '../helpers.js';

const SEG = `${path.sep}seg${path.sep}`;

/**
 * Appends 60 rows to a store sealing at 50, fails the checkpoint with `rule`, appends 20 more,
 * closes and reopens: every acknowledged row must come back equal and verify must be clean.
 */
async function failedCheckpointKeepsRows(rule: FaultRule): Promise<void> {
  const dir = tempDir('lt-ckpt-');
  const disk = new FaultyDisk(nodeDisk);
  const rows = makeRows(0, 80);
  const store = await Store.open(dir, { disk, segmentRows: 50 });
  await store.append(rows.slice(0, 60));
  const remove = disk.inject(rule);
  await assert.rejects(store.checkpoint(), (err: { code?: string }) => /^LT_/.test(err.code ?? ''));
  remove();
  await store.append(rows.slice(60));
  for (let i = 0; i < rows.length; i++) assert.deepStrictEqual(store.fetch(i), rows[i], `row ${i} live`);
  await store.close();
  const again = await Store.open(dir);
  assert.equal(again.length, 80);
  for (let i = 0; i < rows.length; i++) assert.deepStrictEqual(again.fetch(i), rows[i], `row ${i} reopened`);
  await again.close();
  const report = await Store.verify(dir);
  assert.deepEqual(report.problems, []);
}

test('an fsync failing while a segment is sealed loses no acknowledged row', async () => {
  await failedCheckpointKeepsRows({ op: 'fsync', pathIncludes: SEG, error: 'EIO', times: 1 });
});

test('a column file fsync failing at a sealing checkpoint leaves the store appending', async () => {
  await failedCheckpointKeepsRows({ op: 'fsync', pathIncludes: 'start.col', error: 'EIO', times: 1 });
});

test('a trace index write failing at a seal loses no acknowledged row', async () => {
  await failedCheckpointKeepsRows({ op: 'write', pathIncludes: 'trace.idx', error: 'EIO', times: 1 });
});

test('a MANIFEST rename failing loses no acknowledged row and the retry publishes', async () => {
  await failedCheckpointKeepsRows({ op: 'rename', pathIncludes: 'MANIFEST', error: 'EIO', times: 1 });
});

test('an aggregates file failing loses no acknowledged row', async () => {
  await failedCheckpointKeepsRows({
    op: 'write',
    pathIncludes: `${path.sep}agg${path.sep}`,
    error: 'ENOSPC',
  });
});

test('failing checkpoints are counted and shown; past maxWalBytes appends get LT_CHECKPOINT_BEHIND until one succeeds', async () => {
  const dir = tempDir('lt-ckpt-');
  const disk = new FaultyDisk(nodeDisk);
  const store = await Store.open(dir, { disk, maxWalBytes: 256 * 1024 });
  const remove = disk.inject({ op: 'rename', pathIncludes: 'MANIFEST', error: 'EIO' });
  const acknowledged: number[] = [];
  let refused: { code?: string; message?: string } | null = null;
  for (let k = 0; k < 200 && refused === null; k++) {
    try {
      const r = await store.append(makeRows(100 * k, 100));
      acknowledged.push(r.first);
    } catch (err) {
      refused = err as { code?: string; message?: string };
    }
  }
  assert.equal(refused?.code, 'LT_CHECKPOINT_BEHIND');
  assert.match(refused?.message ?? '', /maxWalBytes.*the last checkpoint failed/);
  const status = store.checkpointStatus();
  assert.ok(status.consecutiveFailures >= 1, 'failures are counted');
  assert.equal(status.lastError?.code, 'LT_IO');
  assert.equal(status.checkpoints, 0);
  assert.equal(store.metrics().checkpointFailures, status.failures);
  remove();
  await store.checkpoint();
  const healed = store.checkpointStatus();
  assert.equal(healed.consecutiveFailures, 0);
  assert.equal(healed.lastError, null);
  assert.ok(healed.lastSuccessAt !== null);
  const last = await store.append(makeRows(0, 10));
  assert.equal(last.first, 100 * acknowledged.length);
  await store.close();
  const again = await Store.open(dir);
  assert.equal(again.length, 100 * acknowledged.length + 10);
  await again.close();
  assert.deepEqual((await Store.verify(dir)).problems, []);
});

test('a failed checkpoint is retried on its own after a backoff', async () => {
  const dir = tempDir('lt-ckpt-');
  const disk = new FaultyDisk(nodeDisk);
  const store = await Store.open(dir, { disk });
  await store.append(makeRows(0, 10));
  disk.inject({ op: 'fsync', pathIncludes: 'MANIFEST', error: 'EIO', times: 1 });
  await assert.rejects(store.checkpoint(), { code: 'LT_IO' });
  const failed = store.checkpointStatus();
  assert.ok(failed.retryAt !== null && failed.retryAt > Date.now() - 1000);
  const deadline = Date.now() + 10_000;
  while (store.checkpointStatus().checkpoints === 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(store.checkpointStatus().checkpoints, 1, 'the retry published a checkpoint');
  assert.equal(store.checkpointStatus().failures, 1);
  await store.close();
});
