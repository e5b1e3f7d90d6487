import { ZoneTracker } from '../page/zone.js';

/** Folds rows [from, to) of a [lo, hi] word array into a tracker. */
function foldWords(t: ZoneTracker, words: Uint32Array, from: number, to: number): void {
  for (let i = from; i < to; i++) t.add(words[2 * i]!, words[2 * i + 1]!);
}

/** Folds an exact u64 into a tracker (restoring a range from a page header or the manifest). */
function addBig(t: ZoneTracker, v: bigint): void {
  t.add(Number(v & 0xffffffffn), Number(v >> 32n));
}

/** The zone map of one page while it fills: start-time and duration ranges of its rows. */
export class PageZone {
  private readonly start = new ZoneTracker();
  private readonly duration = new ZoneTracker();

  foldRows(starts: Uint32Array, durations: Uint32Array, from: number, to: number): void {
    foldWords(this.start, starts, from, to);
    foldWords(this.duration, durations, from, to);
  }

  restore(minStart: bigint, maxStart: bigint, minDuration: bigint, maxDuration: bigint): void {
    addBig(this.start, minStart);
    addBig(this.start, maxStart);
    addBig(this.duration, minDuration);
    addBig(this.duration, maxDuration);
  }

  header(): { minStart: bigint; maxStart: bigint; minDuration: bigint; maxDuration: bigint } {
    return {
      minStart: this.start.min(),
      maxStart: this.start.max(),
      minDuration: this.duration.min(),
      maxDuration: this.duration.max(),
    };
  }
}

/** The start-time range of a whole segment (skipping segments, retention by age). */
export class SpanZone {
  private readonly start = new ZoneTracker();

  foldStarts(starts: Uint32Array, from: number, to: number): void {
    foldWords(this.start, starts, from, to);
  }

  setFromStrings(min: string, max: string): void {
    addBig(this.start, BigInt(min));
    addBig(this.start, BigInt(max));
  }

  get empty(): boolean {
    return this.start.count === 0;
  }

  minString(): string {
    return this.start.min().toString();
  }

  maxString(): string {
    return this.start.max().toString();
  }

  /** Newest start as unix ms (coarse: for retention by age). */
  maxMs(): number {
    return Number(this.start.max() / 1_000_000n);
  }

  /** Oldest start as unix ms. */
  minMs(): number {
    return Number(this.start.min() / 1_000_000n);
  }
}
