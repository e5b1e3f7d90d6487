/**
 * The eviction policy of the bufferpool, behind an interface so it can change (BusTub's
 * `Replacer`). A replacer tracks frames by index, never pages; the pool tells it about accesses
 * and about which frames may be evicted (those with no pins).
 */
import { InvalidArgumentError } from '../errors.js';

export interface Replacer {
  /** A page in `frame` was pinned: update its history. Does not change evictability. */
  recordAccess(frame: number): void;
  /** Makes `frame` a candidate for eviction (its pin count reached 0) or withdraws it. */
  setEvictable(frame: number, evictable: boolean): void;
  /** Chooses a victim among evictable frames and forgets it; -1 when there is none. */
  evict(): number;
  /** Forgets `frame` (history and evictability), as after its page was dropped. No-op when untracked. */
  remove(frame: number): void;
  /** How many frames are evictable now. */
  readonly evictableCount: number;
}

/** Throws unless `frame` is an index in [0, frames): a typed array would silently ignore it. */
export function requireFrame(frame: number, frames: number): void {
  if (frame >>> 0 !== frame || frame >= frames)
    throw new InvalidArgumentError(`frame ${frame} is not in [0, ${frames})`);
}

/** Throws unless `frames` is a usable frame count. */
export function requireFrameCount(frames: number): void {
  if (!Number.isInteger(frames) || frames < 1)
    throw new InvalidArgumentError(`a replacer needs a positive integer frame count, got ${frames}`);
}
