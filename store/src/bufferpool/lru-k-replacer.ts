import { InvalidArgumentError } from '../errors.js';
import { requireFrame, requireFrameCount, type Replacer } from './replacer.js';

/** The K of LRU-K used unless told otherwise: LRU-2 resists one-off scans. */
export const DEFAULT_LRU_K = 2;
/** Largest K accepted: the history costs K timestamps per frame. */
export const MAX_LRU_K = 8;

/**
 * LRU-K (O'Neil et al.): evicts the frame whose K-th most recent access is oldest, i.e. with the
 * largest backward K-distance. Frames with fewer than K accesses have an infinite distance and go
 * first, the one with the earliest recorded access first among them. So a page read once by a
 * scan leaves before a page read twice, however recently the scan touched it.
 *
 * Time is a logical counter bumped per access, held in doubles: exact for 2^53 accesses, over
 * fourteen years at twenty million pins a second. Each frame keeps its last K access times in a
 * ring; an access is O(1), an eviction a scan of the frames, O(frames).
 */
export class LruKReplacer implements Replacer {
  /** Ring of the last `k` access times per frame: slots [frame * k, frame * k + k). */
  private readonly history: Float64Array;
  /** Next ring slot to write, per frame. */
  private readonly head: Uint8Array;
  /** Accesses recorded since the frame was last forgotten, capped at `k`. */
  private readonly accesses: Uint8Array;
  private readonly evictable: Uint8Array;
  private now = 0;
  private candidates = 0;

  constructor(
    private readonly frames: number,
    private readonly k: number = DEFAULT_LRU_K,
  ) {
    requireFrameCount(frames);
    if (!Number.isInteger(k) || k < 1 || k > MAX_LRU_K)
      throw new InvalidArgumentError(`LRU-K needs an integer K in [1, ${MAX_LRU_K}], got ${k}`);
    this.history = new Float64Array(frames * k);
    this.head = new Uint8Array(frames);
    this.accesses = new Uint8Array(frames);
    this.evictable = new Uint8Array(frames);
  }

  get evictableCount(): number {
    return this.candidates;
  }

  recordAccess(frame: number): void {
    requireFrame(frame, this.frames);
    const slot = this.head[frame]!;
    this.history[frame * this.k + slot] = ++this.now;
    this.head[frame] = slot + 1 === this.k ? 0 : slot + 1;
    if (this.accesses[frame]! < this.k) this.accesses[frame]!++;
  }

  setEvictable(frame: number, evictable: boolean): void {
    requireFrame(frame, this.frames);
    const flag = evictable ? 1 : 0;
    if (this.evictable[frame] === flag) return;
    this.evictable[frame] = flag;
    this.candidates += evictable ? 1 : -1;
  }

  evict(): number {
    if (this.candidates === 0) return -1;
    let victim = -1;
    let victimFull = true;
    let victimTime = Infinity;
    for (let frame = 0; frame < this.frames; frame++) {
      if (this.evictable[frame] === 0) continue;
      const full = this.accesses[frame] === this.k;
      const time = this.oldestAccess(frame);
      // Infinite distance (not full) beats any finite one; within a class, the oldest time wins.
      if ((victimFull && !full) || (full === victimFull && time < victimTime)) {
        victim = frame;
        victimFull = full;
        victimTime = time;
      }
    }
    this.remove(victim);
    return victim;
  }

  remove(frame: number): void {
    requireFrame(frame, this.frames);
    this.setEvictable(frame, false);
    this.accesses[frame] = 0;
    this.head[frame] = 0;
  }

  /**
   * The oldest access kept for `frame`: its K-th most recent once it has K, else its first.
   * 0 (before any access) for a frame made evictable without one.
   */
  private oldestAccess(frame: number): number {
    const seen = this.accesses[frame]!;
    if (seen === 0) return 0;
    const base = frame * this.k;
    // Until the ring wraps the oldest is in slot 0; after, it is the slot about to be overwritten.
    return seen < this.k ? this.history[base]! : this.history[base + this.head[frame]!]!;
  }
}
