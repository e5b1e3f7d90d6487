/**
 * Min/max of the u64 values written into one page (a zone map entry), folded while the page fills.
 * Values arrive as two 32-bit words so the per-row cost is a few integer comparisons, never a
 * BigInt; bigints are built once, when the page is sealed.
 */

/** Tracks the minimum and maximum of a stream of u64 values given as (lo, hi) 32-bit words. */
export class ZoneTracker {
  private minLo = 0;
  private minHi = 0;
  private maxLo = 0;
  private maxHi = 0;
  private seen = 0;

  /** Values folded in since the last {@link reset}. */
  get count(): number {
    return this.seen;
  }

  /** Forgets every value: the tracker starts a new page. */
  reset(): void {
    this.minLo = this.minHi = this.maxLo = this.maxHi = 0;
    this.seen = 0;
  }

  /**
   * Folds in the value `hi * 2^32 + lo`. Both words are read as unsigned 32-bit integers, so words
   * taken from an `Int32Array` work as well as from a `Uint32Array`.
   */
  add(lo: number, hi: number): void {
    lo >>>= 0;
    hi >>>= 0;
    if (this.seen++ === 0) {
      this.minLo = this.maxLo = lo;
      this.minHi = this.maxHi = hi;
      return;
    }
    if (hi < this.minHi || (hi === this.minHi && lo < this.minLo)) {
      this.minHi = hi;
      this.minLo = lo;
    }
    if (hi > this.maxHi || (hi === this.maxHi && lo > this.maxLo)) {
      this.maxHi = hi;
      this.maxLo = lo;
    }
  }

  /** The smallest value folded in; 0n when there was none (an empty page records zeros). */
  min(): bigint {
    return toBigInt(this.minLo, this.minHi);
  }

  /** The largest value folded in; 0n when there was none. */
  max(): bigint {
    return toBigInt(this.maxLo, this.maxHi);
  }
}

function toBigInt(lo: number, hi: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo);
}
