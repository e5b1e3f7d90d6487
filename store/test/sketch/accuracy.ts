import assert from 'node:assert/strict';
import type { DDSketch } from '../../src/sketch/dd-sketch.js';
import { MIN_INDEXABLE_VALUE } from '../../src/sketch/log-mapping.js';
import { quantileRank } from '../../src/sketch/rank.js';

/** Quantiles checked: every percent, plus the tails latency work reads. */
export const CHECKED_QUANTILES: readonly number[] = [
  ...Array.from({ length: 101 }, (_, i) => i / 100),
  0.001,
  0.995,
  0.999,
  0.9999,
].sort((a, b) => a - b);

/** Slack over alpha for floating-point rounding at key boundaries (a few ulps). */
const ROUNDING_SLACK = 1e-9;

/** The exact q-quantile of `sorted` with the sketch's rank definition. */
export function exactQuantile(sorted: Float64Array, q: number): number {
  return sorted[quantileRank(q, sorted.length)]!;
}

/**
 * Asserts that every checked quantile of `sketch` is within `alpha` of the exact value at the
 * same rank among `values` (only quantiles at or above `fromQ`, for collapsed sketches).
 * Denormals count as zero by design: below {@link MIN_INDEXABLE_VALUE} the error is absolute.
 */
export function assertWithinRelativeError(
  sketch: DDSketch,
  values: ArrayLike<number>,
  alpha: number,
  fromQ = 0,
): void {
  const sorted = Float64Array.from(values).sort();
  for (const q of CHECKED_QUANTILES) {
    if (q < fromQ) continue;
    const exact = exactQuantile(sorted, q);
    const estimate = sketch.quantile(q);
    if (exact < MIN_INDEXABLE_VALUE && estimate < MIN_INDEXABLE_VALUE) continue;
    const error = exact === 0 ? estimate : Math.abs(estimate - exact) / exact;
    assert.ok(
      error <= alpha * (1 + ROUNDING_SLACK),
      `q=${q}: estimate ${estimate} vs exact ${exact}: relative error ${error} > ${alpha}`,
    );
  }
}
