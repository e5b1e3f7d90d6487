import { InvalidArgumentError } from '../errors.js';

/**
 * Smallest value given its own key: the smallest normal double. Smaller positive values (the
 * denormals) count as zero; their absolute error is below 2.3e-308, which no duration can notice.
 */
export const MIN_INDEXABLE_VALUE = 2.2250738585072014e-308;

/**
 * Maps positive values to integer keys so that one representative value per key is within
 * `relativeAccuracy` (alpha) of every value with that key.
 *
 * Why this mapping is right: with gamma = (1 + alpha) / (1 - alpha), key k holds the values in
 * (gamma^(k-1), gamma^k], i.e. key = ceil(log_gamma(v)). Its representative r = 2 gamma^k / (gamma + 1)
 * is the point whose relative distance to both ends is equal: (r - gamma^(k-1)) / gamma^(k-1) =
 * (gamma^k - r) / gamma^k = (gamma - 1) / (gamma + 1) = alpha. So every value of the key is within
 * alpha of r, and the number of keys needed for a range [a, b] is only log(b/a) / log(gamma)
 * (about 50 per factor of e at 1%). Cheaper mappings (log2 from the float's exponent bits with
 * linear or cubic interpolation of the mantissa) keep the same guarantee only with 1% to 44% more
 * keys. Math.log is part of a ~50 ns sketch add and a small part of a span's whole aggregation
 * (store/bench/sketch prints both), so the exact logarithm wins on memory and simplicity.
 *
 * Floating point: at a key boundary log() may round a value into the neighbouring key, where its
 * error is alpha plus a few units in the last place, never more.
 */
export class LogMapping {
  /** The guaranteed relative accuracy alpha, in (0, 1). */
  readonly relativeAccuracy: number;
  /** (1 + alpha) / (1 - alpha): the ratio between the ends of one key's range. */
  readonly gamma: number;
  private readonly multiplier: number;
  private readonly lnGamma: number;
  private readonly representativeFactor: number;

  constructor(relativeAccuracy: number) {
    if (!(relativeAccuracy > 0 && relativeAccuracy < 1)) {
      throw new InvalidArgumentError(`relativeAccuracy must be in (0, 1), got ${relativeAccuracy}`);
    }
    this.relativeAccuracy = relativeAccuracy;
    this.gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
    this.lnGamma = Math.log(this.gamma);
    this.multiplier = 1 / this.lnGamma;
    this.representativeFactor = 2 / (1 + this.gamma);
  }

  /** The key of a value >= {@link MIN_INDEXABLE_VALUE}. */
  key(value: number): number {
    return Math.ceil(Math.log(value) * this.multiplier);
  }

  /** The representative value of a key (Infinity past the largest double: callers clamp to max). */
  value(key: number): number {
    return Math.exp(key * this.lnGamma) * this.representativeFactor;
  }
}
