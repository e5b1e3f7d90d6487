import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { selectRanks } from '../../src/aggregate/select.js';

const seed = Number(process.env.LAPTIME_SEED ?? Date.now());

test('selectRanks returns what a full sort has at those ranks', () => {
  console.log(`select seed ${seed} (set LAPTIME_SEED to replay)`);
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 0, max: 1e12, noNaN: true }), { minLength: 1, maxLength: 2000 }),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }),
      (values, qs) => {
        const sorted = [...values].sort((a, b) => a - b);
        const ranks = qs.map((q) => Math.floor(q * (values.length - 1)));
        assert.deepEqual(
          selectRanks(Float64Array.from(values), ranks),
          ranks.map((r) => sorted[r]),
        );
      },
    ),
    { seed, numRuns: 300 },
  );
});

test('selectRanks handles many equal values', () => {
  const a = new Float64Array(10_000).fill(5);
  a[9_999] = 7;
  assert.deepEqual(selectRanks(a, [0, 5_000, 9_999]), [5, 5, 7]);
});

test('a million equal values select correctly (a quadratic partition would not finish)', () => {
  const a = new Float64Array(1_000_000).fill(3);
  a[0] = 1;
  a[999_999] = 9;
  assert.deepEqual(selectRanks(a, [0, 500_000, 999_999]), [1, 3, 9]);
});
