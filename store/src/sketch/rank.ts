import { InvalidArgumentError } from '../errors.js';

/**
 * The rank definition shared by the sketch and by exact statistics, so that their values are
 * comparable: the q-quantile of n values is the value at 0-based index floor(q * (n - 1)) of the
 * values sorted ascending ("lower" quantile, no interpolation). Every quantile is therefore an
 * observed value; q = 0 is the minimum and q = 1 the maximum.
 */
export function quantileRank(q: number, n: number): number {
  if (!(q >= 0 && q <= 1)) throw new InvalidArgumentError(`quantile must be in [0, 1], got ${q}`);
  return Math.floor(q * (n - 1));
}
