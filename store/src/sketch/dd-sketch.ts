import { InvalidArgumentError } from '../errors.js';
import { ByteReader, ByteWriter } from './bytes.js';
import { DenseBins } from './dense-bins.js';
import { LogMapping, MIN_INDEXABLE_VALUE } from './log-mapping.js';
import { quantileRank } from './rank.js';
import { readSketch, writeSketch } from './sketch-codec.js';

/** Default relative accuracy: every quantile within 1% of the exact value at its rank. */
export const DEFAULT_RELATIVE_ACCURACY = 0.01;
/**
 * Default bin budget. At 1% one bin spans a factor of 1.0202, so 2048 bins cover a ratio of
 * 1.0202^2048 = 6e17 between the lowest and highest value kept exact: 1 ns to 19 years. At most
 * 8 KiB of Uint32 counts per sketch.
 */
export const DEFAULT_MAX_BINS = 2048;
/** Estimated bytes of a sketch besides its counts (object, typed array header, fields). */
const SKETCH_OVERHEAD_BYTES = 200;

export interface DDSketchOptions {
  /** Alpha in (0, 1); default {@link DEFAULT_RELATIVE_ACCURACY}. */
  relativeAccuracy?: number;
  /** Most bins; past it the lowest bins collapse. Default {@link DEFAULT_MAX_BINS}. */
  maxBins?: number;
}

/**
 * A DDSketch (Masson, Rim, Lee, VLDB 2019): a relative-error quantile sketch for non-negative
 * values (here durations in nanoseconds). Every quantile it returns is within `relativeAccuracy`
 * of the exact value at the same rank (see {@link quantileRank}), as long as that value is above
 * the collapsed bins (see {@link DenseBins}; with the defaults none collapse for real durations).
 * Count, min and max are exact. `add` is O(1) and allocates only when the key range grows;
 * merging two sketches gives the sketch of the union.
 */
export class DDSketch {
  readonly mapping: LogMapping;
  private bins: DenseBins;
  private total = 0;
  private zeros = 0;
  private lowest = Infinity;
  private highest = -Infinity;

  constructor(opts: DDSketchOptions = {}) {
    this.mapping = new LogMapping(opts.relativeAccuracy ?? DEFAULT_RELATIVE_ACCURACY);
    this.bins = new DenseBins(opts.maxBins ?? DEFAULT_MAX_BINS);
  }

  /** The guaranteed relative accuracy alpha. */
  get relativeAccuracy(): number {
    return this.mapping.relativeAccuracy;
  }

  /** Most bins this sketch keeps. */
  get maxBins(): number {
    return this.bins.maxBins;
  }

  /** Number of values added. */
  get count(): number {
    return this.total;
  }

  /** Values counted as zero (0 and denormals below {@link MIN_INDEXABLE_VALUE}). */
  get zeroCount(): number {
    return this.zeros;
  }

  /** Values that fell below the kept key range and were counted in its lowest bin. */
  get collapsedCount(): number {
    return this.bins.collapsed;
  }

  /** Exact smallest value added; NaN when empty. */
  get min(): number {
    return this.total === 0 ? NaN : this.lowest;
  }

  /** Exact largest value added; NaN when empty. */
  get max(): number {
    return this.total === 0 ? NaN : this.highest;
  }

  /**
   * Adds `value` (finite, >= 0) `count` times (a positive integer, default 1). O(1).
   * @throws InvalidArgumentError for a negative, NaN or infinite value, or a bad count.
   */
  add(value: number, count = 1): void {
    if (!(value >= 0 && value <= Number.MAX_VALUE)) {
      throw new InvalidArgumentError(`sketch values must be finite and >= 0, got ${value}`);
    }
    if (count !== 1 && !(Number.isSafeInteger(count) && count > 0)) {
      throw new InvalidArgumentError(`count must be a positive integer, got ${count}`);
    }
    if (value < MIN_INDEXABLE_VALUE) this.zeros += count;
    else this.bins.add(this.mapping.key(value), count);
    this.total += count;
    if (value < this.lowest) this.lowest = value;
    if (value > this.highest) this.highest = value;
  }

  /**
   * Adds `count` values known only by their key ({@link LogMapping.key} of this sketch's mapping),
   * as kept by compact histograms elsewhere. Their exact extremes must be given to
   * {@link widenBounds}, or min and max will not include them.
   */
  addKeyCount(key: number, count: number): void {
    this.bins.add(key, count);
    this.total += count;
  }

  /** Adds `count` zeros known only by count; see {@link addKeyCount}. */
  addZeroCount(count: number): void {
    this.zeros += count;
    this.total += count;
  }

  /** Widens the exact min and max to include [min, max]. */
  widenBounds(min: number, max: number): void {
    if (min < this.lowest) this.lowest = min;
    if (max > this.highest) this.highest = max;
  }

  /**
   * Adds every value of `other` (same relative accuracy) into this sketch.
   * @throws InvalidArgumentError when the accuracies differ (their keys mean different ranges).
   */
  merge(other: DDSketch): void {
    if (other.relativeAccuracy !== this.relativeAccuracy) {
      throw new InvalidArgumentError(
        `cannot merge sketches of accuracy ${other.relativeAccuracy} and ${this.relativeAccuracy}`,
      );
    }
    if (other.total === 0) return;
    // Highest key first so a sketch that must collapse does it once, not once per added key.
    const counts = other.bins.usedCounts();
    const low = other.bins.lowKey;
    for (let i = counts.length - 1; i >= 0; i--) {
      const c = counts[i]!;
      if (c !== 0) this.bins.add(low + i, c);
    }
    this.zeros += other.zeros;
    this.total += other.total;
    this.widenBounds(other.lowest, other.highest);
  }

  /** The q-quantile (q in [0, 1]); NaN when empty. q = 0 and q = 1 give the exact min and max. */
  quantile(q: number): number {
    const out = new Float64Array(1);
    this.quantilesInto([q], out);
    return out[0]!;
  }

  /**
   * Several quantiles in one pass over the bins: `out[j]` receives the `qs[j]`-quantile.
   * `qs` must be sorted ascending.
   */
  quantilesInto(qs: readonly number[], out: Float64Array): void {
    const n = this.total;
    const ranks = new Float64Array(qs.length);
    for (let j = 0; j < qs.length; j++) {
      ranks[j] = quantileRank(qs[j]!, n) - this.zeros;
      if (j > 0 && qs[j]! < qs[j - 1]!) throw new InvalidArgumentError('quantiles must be sorted ascending');
    }
    if (n === 0) {
      out.fill(NaN, 0, qs.length);
      return;
    }
    this.bins.keysAtRanks(ranks, out);
    for (let j = 0; j < qs.length; j++) {
      const rank = ranks[j]! + this.zeros;
      if (rank === 0) out[j] = this.lowest;
      else if (rank === n - 1) out[j] = this.highest;
      else if (ranks[j]! < 0) out[j] = 0;
      else out[j] = this.mapping.value(out[j]!);
      // Clamping to the exact extremes only moves an estimate towards the true value.
      out[j] = Math.min(this.highest, Math.max(this.lowest, out[j]!));
    }
  }

  /** Estimated bytes held: the counts array plus a fixed overhead. */
  memoryBytes(): number {
    return this.bins.byteLength + SKETCH_OVERHEAD_BYTES;
  }

  /** Appends this sketch's encoding (see {@link writeSketch}) to `w`. */
  writeTo(w: ByteWriter): void {
    writeSketch(w, {
      relativeAccuracy: this.relativeAccuracy,
      maxBins: this.maxBins,
      count: this.total,
      zeroCount: this.zeros,
      min: this.lowest,
      max: this.highest,
      lowKey: this.bins.lowKey,
      counts: this.bins.usedCounts(),
      wide: this.bins.isWide,
    });
  }

  /** The encoding alone, versioned (see {@link writeSketch}). */
  serialize(): Uint8Array {
    const w = new ByteWriter();
    this.writeTo(w);
    return w.finish();
  }

  /** Reads one sketch at `r`'s position; CorruptError on malformed input. */
  static readFrom(r: ByteReader): DDSketch {
    const s = readSketch(r);
    const sketch = new DDSketch({ relativeAccuracy: s.relativeAccuracy, maxBins: s.maxBins });
    sketch.bins = DenseBins.from(s.maxBins, s.lowKey, s.counts, s.wide);
    sketch.total = s.count;
    sketch.zeros = s.zeroCount;
    sketch.lowest = s.min;
    sketch.highest = s.max;
    return sketch;
  }

  /**
   * Decodes {@link serialize}'s output.
   * @throws CorruptError when malformed or followed by extra bytes; FormatVersionError when newer.
   */
  static deserialize(bytes: Uint8Array): DDSketch {
    const r = new ByteReader(bytes, 'sketch');
    const sketch = DDSketch.readFrom(r);
    r.end();
    return sketch;
  }
}
