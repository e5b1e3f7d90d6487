import { InvalidArgumentError } from '../errors.js';

/**
 * Slack for the rounding of `q * n`: 0.07 * 100 is 7.000000000000001 in floating point, and
 * must count as 7. Far below any distinction between reported quantiles.
 */
const RANK_SLACK = 1e-9;

/**
 * The rank definition shared by the sketch, the time buckets and exact statistics, so that their
 * values are comparable: nearest rank, as HdrHistogram reports it. The q-quantile of n values is
 * the smallest value with at least ceil(q * n) values at or below it: the value at 0-based index
 * ceil(q * n) - 1 of the values sorted ascending (0 for q = 0). Every quantile is therefore an
 * observed value, q = 0 is the minimum and q = 1 the maximum, and "p99 = x" means that at least
 * 99% of the values are at most x: 39 values of 4 and one of 79 give p99 = p99.9 = 79.
 */
export function quantileRank(q: number, n: number): number {
  if (!(q >= 0 && q <= 1)) throw new InvalidArgumentError(`quantile must be in [0, 1], got ${q}`);
  const atOrBelow = Math.ceil(q * n * (1 - RANK_SLACK));
  return Math.max(0, Math.min(n - 1, atOrBelow - 1));
}
