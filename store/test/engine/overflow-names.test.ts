import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../src/engine/store.js';
import type { StoreView } from '../../src/engine/view.js';
import type { ScanFilter } from '../../src/engine/filter.js';
import { makeRow, tempDir } from './helpers.js';

function found(view: StoreView, filter: ScanFilter): number[] {
  const out: number[] = [];
  view.scan(filter, (i) => {
    out.push(i);
  });
  return out;
}

/** Rows 0 (svc/A), 1 (svc/B), 2 (other/C), 3 (svc/B) with a cap of one series: all but A overflow. */
function rows() {
  return [
    makeRow(0, { service: 'svc', name: 'A' }),
    makeRow(1, { service: 'svc', name: 'B' }),
    makeRow(2, { service: 'other', name: 'C' }),
    makeRow(3, { service: 'svc', name: 'B' }),
  ];
}

function assertFindsOwnNames(view: StoreView, how: string): void {
  assert.deepEqual(found(view, { name: 'B' }), [1, 3], how);
  assert.deepEqual(found(view, { name: 'B', order: 'desc' }), [3, 1], how);
  assert.deepEqual(found(view, { name: 'B', service: 'svc' }), [1, 3], how);
  assert.deepEqual(found(view, { name: 'B', service: 'other' }), [], how);
  assert.deepEqual(found(view, { service: 'svc' }), [0, 1, 3], how);
  assert.deepEqual(found(view, { service: 'other' }), [2], how);
  assert.deepEqual(found(view, { name: 'A' }), [0], how);
  assert.deepEqual(found(view, { name: '__overflow__' }), [], how);
  assert.deepEqual(found(view, {}), [0, 1, 2, 3], how);
  // Aggregates only: the overflow series counts what went past the cap.
  assert.equal(view.stats('__overflow__').count, 3, how);
  assert.deepEqual(
    view.series().map((s) => [s.service, s.name, s.count]),
    [
      ['__overflow__', '__overflow__', 3],
      ['svc', 'A', 1],
    ],
    how,
  );
}

test('spans past the cardinality cap are found by their own name and service, by the writer and by readers', async () => {
  const dir = tempDir();
  const store = await Store.open(dir, { maxSeries: 1 });
  await store.append(rows());
  assertFindsOwnNames(store, 'writer');

  // Before any checkpoint: the reader replays the WAL with the cap the writer runs with.
  const early = await Store.openReader(dir);
  assertFindsOwnNames(early, 'reader of the WAL tail');
  await early.close();

  await store.checkpoint();
  const late = await Store.openReader(dir);
  assertFindsOwnNames(late, 'reader of the checkpoint');
  await late.close();
  await store.close();

  const again = await Store.open(dir, { maxSeries: 1 });
  assertFindsOwnNames(again, 'writer after reopening');
  await again.close();
});
