import { InvalidArgumentError } from '../errors.js';

/** Bins added at a time when the key range grows, so growth is amortised over many adds. */
const GROWTH_BINS = 64;
/** Largest count a Uint32 bin holds; past it the bins widen to Float64 (exact to 2^53). */
const U32_MAX = 0xffff_ffff;
const NO_BINS = new Uint32Array(0);

/**
 * Counts per integer key over one contiguous key range, in a dense typed array that grows as keys
 * arrive, never wider than `maxBins`. When a key would make the range wider, the LOWEST keys are
 * collapsed into the lowest bin that remains (and later keys below it land there), so the high
 * quantiles that latency work cares about stay exact to the mapping's accuracy.
 *
 * Counts start as Uint32 (half the memory of Float64) and widen to Float64 the first time a bin
 * would pass 2^32 - 1, so no count ever wraps.
 */
export class DenseBins {
  /** Most keys the range may span. */
  readonly maxBins: number;
  private counts: Uint32Array | Float64Array = NO_BINS;
  /** Key of counts[0]. */
  private offset = 0;
  /** Used key range [lo, hi]; empty while lo > hi. */
  private lo = Infinity;
  private hi = -Infinity;
  private wide = false;
  private collapsedCount = 0;

  constructor(maxBins: number) {
    if (!(Number.isSafeInteger(maxBins) && maxBins >= 1)) {
      throw new InvalidArgumentError(`maxBins must be a positive integer, got ${maxBins}`);
    }
    this.maxBins = maxBins;
  }

  /** Rebuilds bins from `counts` of the keys [lowKey, lowKey + counts.length). */
  static from(maxBins: number, lowKey: number, counts: ArrayLike<number>, wide: boolean): DenseBins {
    const bins = new DenseBins(maxBins);
    if (counts.length === 0) return bins;
    bins.wide = wide;
    bins.counts = wide ? Float64Array.from(counts) : Uint32Array.from(counts);
    bins.offset = lowKey;
    bins.lo = lowKey;
    bins.hi = lowKey + counts.length - 1;
    return bins;
  }

  /** Lowest used key (Infinity when empty). */
  get lowKey(): number {
    return this.lo;
  }

  /** Whether counts are Float64 (some bin passed 2^32 - 1). */
  get isWide(): boolean {
    return this.wide;
  }

  /** Values that landed in a lower bin than their own because the range hit `maxBins`. */
  get collapsed(): number {
    return this.collapsedCount;
  }

  /** Bytes held by the counts array. */
  get byteLength(): number {
    return this.counts.byteLength;
  }

  /** Adds `count` to `key`'s bin: O(1), allocation only when the range grows. */
  add(key: number, count: number): void {
    let i = key - this.offset;
    if (i < 0 || i >= this.counts.length) {
      i = this.makeRoom(key, count);
    } else {
      if (key < this.lo) this.lo = key;
      if (key > this.hi) this.hi = key;
    }
    const c = this.counts[i]! + count;
    if (c > U32_MAX && !this.wide) this.widen();
    this.counts[i] = c;
  }

  /**
   * For ranks sorted ascending (0-based, among the values in the bins), writes into `out[j]` the
   * key that holds rank `ranks[j]`. One pass over the bins for all ranks.
   */
  keysAtRanks(ranks: ArrayLike<number>, out: Float64Array): void {
    let j = 0;
    let seen = 0;
    const base = this.lo - this.offset;
    const last = this.hi - this.offset;
    for (let i = base; i <= last && j < ranks.length; i++) {
      seen += this.counts[i]!;
      while (j < ranks.length && ranks[j]! < seen) out[j++] = i + this.offset;
    }
    while (j < ranks.length) out[j++] = this.hi;
  }

  /** The counts of the used range [lowKey, highKey] (a view: do not keep it across adds). */
  usedCounts(): Uint32Array | Float64Array {
    if (this.lo > this.hi) return this.counts.subarray(0, 0);
    return this.counts.subarray(this.lo - this.offset, this.hi - this.offset + 1);
  }

  /** Re-lays the array around the new key; returns the index where `key`'s count goes. */
  private makeRoom(key: number, count: number): number {
    if (this.lo > this.hi) {
      const length = Math.min(this.maxBins, GROWTH_BINS);
      this.relayout(key - (length >> 1), length);
      this.lo = key;
      this.hi = key;
      return key - this.offset;
    }
    const lo = Math.min(this.lo, key);
    const hi = Math.max(this.hi, key);
    if (hi - lo + 1 <= this.maxBins) {
      const length = Math.min(
        this.maxBins,
        Math.ceil((hi - lo + 1 + GROWTH_BINS) / GROWTH_BINS) * GROWTH_BINS,
      );
      // Slack goes on the side the range is growing towards.
      this.relayout(key < this.lo ? hi - length + 1 : lo, length);
      this.lo = lo;
      this.hi = hi;
      return key - this.offset;
    }
    if (key < this.lo) {
      // Below a full range: the value counts in the lowest bin.
      const lowest = this.hi - this.maxBins + 1;
      if (this.offset !== lowest || this.counts.length !== this.maxBins) this.relayout(lowest, this.maxBins);
      this.lo = lowest;
      this.collapsedCount += count;
      return 0;
    }
    // Above a full range: the window moves up, and the keys that fall off its bottom merge into its lowest bin.
    const lowest = key - this.maxBins + 1;
    let fallen = 0;
    for (let k = this.lo; k < lowest && k <= this.hi; k++) fallen += this.counts[k - this.offset]!;
    this.relayout(lowest, this.maxBins);
    const merged = this.counts[0]! + fallen;
    if (merged > U32_MAX && !this.wide) this.widen();
    this.counts[0] = merged;
    this.collapsedCount += fallen;
    this.lo = lowest;
    this.hi = key;
    return key - this.offset;
  }

  /** New array of `length` bins starting at key `offset`, keeping the counts of [lo, hi] inside it. */
  private relayout(offset: number, length: number): void {
    const next = this.wide ? new Float64Array(length) : new Uint32Array(length);
    if (this.lo <= this.hi) {
      const from = Math.max(this.lo, offset);
      const to = Math.min(this.hi, offset + length - 1);
      if (from <= to) next.set(this.counts.subarray(from - this.offset, to - this.offset + 1), from - offset);
    }
    this.counts = next;
    this.offset = offset;
  }

  private widen(): void {
    this.counts = Float64Array.from(this.counts);
    this.wide = true;
  }
}
