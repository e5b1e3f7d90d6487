import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { Store } from '../../src/engine/store.js';
import { DEFAULT_OPEN_SEGMENTS } from '../../src/engine/open-files.js';
import { makeRows, tempDir } from './helpers.js';

function openDescriptors(): number {
  return fs.readdirSync('/proc/self/fd').length;
}

test('trace indexes of sealed segments count under the open-files bound and are released with them', async () => {
  // Arrange: many more sealed segments than the bound, each with its trace.idx.
  const dir = tempDir();
  const before = openDescriptors();
  const store = await Store.open(dir, { segmentRows: 10 });
  const rows = makeRows(0, 10 * (DEFAULT_OPEN_SEGMENTS * 3));
  for (let i = 0; i < rows.length; i += 10) {
    await store.append(rows.slice(i, i + 10));
    await store.checkpoint();
  }

  // Act: a trace lookup in every sealed segment opens its trace.idx (and traceId column).
  for (let i = 0; i < rows.length; i += 10) {
    assert.ok(store.findTrace(rows[i]!.traceId).includes(i), `trace of row ${i}`);
  }
  const after = openDescriptors();

  // Assert: at most the bound's worth of segments hold files (11 column and heap files plus
  // trace.idx each), besides the WAL, the active segment and a few of the runtime's own.
  assert.ok(
    after - before <= DEFAULT_OPEN_SEGMENTS * 12 + 24,
    `${after - before} more descriptors after lookups in ${rows.length / 10} segments`,
  );
  await store.close();
  assert.ok(openDescriptors() <= before, 'close releases every descriptor');
});
