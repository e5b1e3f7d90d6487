/** The bufferpool's options: their shape, their limits, and their validation. */
import { InvalidArgumentError } from '../errors.js';
import type { Disk } from '../io/disk.js';
import { MAX_PAGE_SIZE, MIN_PAGE_SIZE } from '../page/header.js';
import { ClockReplacer } from './clock-replacer.js';
import { LruKReplacer } from './lru-k-replacer.js';
import type { Replacer } from './replacer.js';

/** Fewest frames a pool may have: one page being read while another is filled. */
export const MIN_POOL_FRAMES = 2;
/** Most frames a pool may have (16 GiB of 4 KiB pages): bounds the per-frame tables. */
export const MAX_POOL_FRAMES = 1 << 22;

/** An eviction policy by name, or an instance sized for the pool's `frameCount`. */
export type ReplacerChoice = 'clock' | 'lru-k' | Replacer;

export interface BufferPoolOptions {
  /** Bytes of page memory; `floor(budgetBytes / pageSize)` frames. */
  budgetBytes: number;
  /** A power of two in [MIN_PAGE_SIZE, MAX_PAGE_SIZE]. */
  pageSize: number;
  disk: Disk;
  /** Default `'clock'`. */
  replacer?: ReplacerChoice;
}

/**
 * Checks the options and returns the pool's frame count.
 *
 * @throws InvalidArgumentError naming the bad option and its value.
 */
export function frameCountOf(opts: BufferPoolOptions): number {
  const { pageSize, budgetBytes } = opts;
  if (!Number.isInteger(pageSize) || pageSize < MIN_PAGE_SIZE || pageSize > MAX_PAGE_SIZE)
    throw new InvalidArgumentError(
      `bufferpool pageSize must be an integer in [${MIN_PAGE_SIZE}, ${MAX_PAGE_SIZE}], got ${pageSize}`,
    );
  if ((pageSize & (pageSize - 1)) !== 0)
    throw new InvalidArgumentError(`bufferpool pageSize must be a power of two, got ${pageSize}`);
  const frames = Number.isSafeInteger(budgetBytes) ? Math.floor(budgetBytes / pageSize) : NaN;
  if (!(frames >= MIN_POOL_FRAMES && frames <= MAX_POOL_FRAMES))
    throw new InvalidArgumentError(
      `bufferpool budgetBytes must hold ${MIN_POOL_FRAMES} to ${MAX_POOL_FRAMES} pages of ${pageSize} bytes, got ${budgetBytes}`,
    );
  return frames;
}

/** The replacer for a pool of `frames` frames. */
export function makeReplacer(choice: ReplacerChoice, frames: number): Replacer {
  if (choice === 'clock') return new ClockReplacer(frames);
  if (choice === 'lru-k') return new LruKReplacer(frames);
  if (typeof choice === 'object' && choice !== null) return choice;
  throw new InvalidArgumentError(
    `bufferpool replacer must be 'clock', 'lru-k' or a Replacer, got ${String(choice)}`,
  );
}
