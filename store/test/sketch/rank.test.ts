import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quantileRank } from '../../src/sketch/rank.js';

test('quantileRank is the lower rank floor(q * (n - 1)): q = 0 is the first value, q = 1 the last', () => {
  assert.equal(quantileRank(0, 10), 0);
  assert.equal(quantileRank(1, 10), 9);
  assert.equal(quantileRank(0.5, 10), 4);
  assert.equal(quantileRank(0.99, 1000), 989);
  assert.equal(quantileRank(0.5, 1), 0);
});

test('quantileRank rejects q outside [0, 1] with LT_INVALID_ARGUMENT', () => {
  for (const q of [-0.1, 1.5, NaN]) {
    assert.throws(() => quantileRank(q, 10), { code: 'LT_INVALID_ARGUMENT' });
  }
});
