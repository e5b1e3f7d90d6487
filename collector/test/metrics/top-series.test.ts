import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StatsResult } from '@laptime/store';
import { topSeries } from '../../src/metrics/top-series.js';

function stats(service: string, name: string, count: number, errors = 0, mean = 1): StatsResult {
  return { service, name, count, errors, mean } as StatsResult;
}

test('the series of most spans are kept, ties by service then name; the rest are summed', () => {
  const all = [
    stats('a', 'x', 5, 1, 2),
    stats('b', 'y', 50),
    stats('a', 'z', 20),
    stats('a', 'w', 20),
    stats('c', 'v', 3, 2, 10),
  ];

  const { top, other } = topSeries(all, 3);

  assert.deepEqual(
    top.map((s) => `${s.service}/${s.name}`),
    ['b/y', 'a/w', 'a/z'],
  );
  assert.deepEqual(other, { series: 2, count: 8, errors: 3, sumMs: 5 * 2 + 3 * 10 });
});

test('nothing is summed when every series fits, and a cap of 0 sums them all', () => {
  const all = [stats('a', 'x', 1), stats('a', 'y', 2)];

  assert.equal(topSeries(all, 2).other, null);
  assert.deepEqual(topSeries(all, 0), { top: [], other: { series: 2, count: 3, errors: 0, sumMs: 3 } });
});
