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
