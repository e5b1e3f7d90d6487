import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quantileRank } from '../../src/sketch/rank.js';

/** [q, n, expected 0-based rank, why]. */
const CASES: [number, number, number, string][] = [
  [0, 10, 0, 'q = 0 is the first value'],
  [1, 10, 9, 'q = 1 is the last value'],
  [0.5, 10, 4, 'the median of 10 is the 5th value'],
  [0.99, 1000, 989, 'ceil(990) - 1'],
  [0.5, 1, 0, 'one value is every quantile'],
  [0.99, 1, 0, 'one value is every quantile'],
  [0.5, 40, 19, '20 of 40 at or below'],
  [0.95, 40, 37, '38 of 40 at or below'],
  [0.975, 40, 38, '39 of 40 is exactly 97.5%'],
  [0.99, 40, 39, '39 of 40 is only 97.5%: p99 needs all 40'],
  [0.999, 40, 39, 'p99.9 needs all 40'],
  [0.07, 100, 6, '0.07 * 100 is 7.000000000000001 in floating point'],
  [0.29, 100, 28, '0.29 * 100 is 28.999999999999996 in floating point'],
  [0.999, 1000, 998, 'ceil(999) - 1'],
];

test('quantileRank is the nearest rank ceil(q * n) - 1, whatever the rounding of q * n', () => {
  for (const [q, n, rank, why] of CASES) assert.equal(quantileRank(q, n), rank, `q ${q}, n ${n}: ${why}`);
});

test('quantileRank rejects q outside [0, 1] with LT_INVALID_ARGUMENT', () => {
  for (const q of [-0.1, 1.5, NaN]) {
    assert.throws(() => quantileRank(q, 10), { code: 'LT_INVALID_ARGUMENT' });
  }
});
