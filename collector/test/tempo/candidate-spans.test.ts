import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExpiredError, type Row, type ScanFilter } from '@laptime/store';
import type { CollectorContext } from '../../src/context.js';
import { MAX_INSPECTED_SPANS, SCAN_SLICE_ROWS, visitRows } from '../../src/tempo/candidate-spans.js';

/** A store double over `n` rows: scans newest first from `after`, and row 7 expired by retention. */
function fakeContext(n: number): CollectorContext {
  const store = {
    series: () => [{ service: 's', name: 'n', count: n }],
    scan(filter: ScanFilter, visit: (index: number) => boolean): void {
      for (let i = (filter.after ?? n) - 1; i >= 0; i--) if (!visit(i)) return;
    },
    fetch(index: number): Row {
      if (index === 7) throw new ExpiredError('dropped by retention');
      return { service: 's', name: 'n', attributes: { i: BigInt(index) } } as unknown as Row;
    },
  };
  return { store } as unknown as CollectorContext;
}

test('a long scan yields to the event loop between slices, and visits each row once, newest first', async () => {
  // Arrange
  const n = SCAN_SLICE_ROWS * 4 + 3;
  let turns = 0;
  let ticker = setImmediate(function tick() {
    turns++;
    ticker = setImmediate(tick);
  });
  const visited: number[] = [];

  // Act
  const inspected = await visitRows(
    fakeContext(n),
    {},
    () => true,
    (index) => {
      visited.push(index);
      return true;
    },
  );
  clearImmediate(ticker);

  // Assert
  assert.equal(inspected, n);
  assert.deepEqual(
    visited,
    Array.from({ length: n }, (_, k) => n - 1 - k).filter((i) => i !== 7),
  );
  assert.ok(turns >= 4, `the event loop turned between slices (${turns} turns)`);
});

test('the scan stops at its bound and when the visitor says so', async () => {
  const bounded = await visitRows(
    fakeContext(MAX_INSPECTED_SPANS + 10),
    {},
    () => true,
    () => true,
  );
  assert.equal(bounded, MAX_INSPECTED_SPANS);

  let seen = 0;
  const stopped = await visitRows(
    fakeContext(5000),
    {},
    () => true,
    () => ++seen < 3,
  );
  assert.equal(seen, 3);
  assert.equal(stopped, 3);
});
