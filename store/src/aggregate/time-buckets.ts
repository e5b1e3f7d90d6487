import { InvalidArgumentError } from '../errors.js';
import type { ByteReader, ByteWriter } from '../sketch/bytes.js';
import { DDSketch } from '../sketch/dd-sketch.js';
import { LogMapping, MIN_INDEXABLE_VALUE } from '../sketch/log-mapping.js';
import { BucketLevel, type LevelWindow } from './bucket-level.js';
import { ZERO_KEY } from './bucket-record.js';
import { RunningStats } from './running-stats.js';

/** Fine level: 10 s buckets, 32 of them (the last 5 min 10 s at least). */
export const FINE_WIDTH_MS = 10_000;
export const FINE_SLOTS = 32;
/** Coarse level: 1 min buckets, 64 of them (the last 63 min at least). */
export const COARSE_WIDTH_MS = 60_000;
export const COARSE_SLOTS = 64;
/** Default memory budget of the time buckets of all series. */
export const DEFAULT_BUCKET_BUDGET_BYTES = 64 * 1024 * 1024;
/** Least budget accepted: a few pages per level. */
export const MIN_BUCKET_BUDGET_BYTES = 1024 * 1024;
/**
 * Share of the budget reserved to the fine level, in proportion to its slots (32 of 96), so that
 * the recent windows people look at most (last 1 and 5 minutes) keep working when a busy hour
 * fills the coarse level.
 */
export const FINE_BUDGET_SHARE = FINE_SLOTS / (FINE_SLOTS + COARSE_SLOTS);

/** How a window that does not fall on bucket edges is turned into whole buckets. */
export type BucketAlign = 'outer' | 'inner';

/** A window answered from buckets: mergeable parts and the time range they cover exactly. */
export interface BucketSummary extends LevelWindow {
  /** The window the summary is exact for: [from, to) in unix ms. */
  from: number;
  to: number;
  /** Width of the buckets used (10 s or 1 min). */
  widthMs: number;
}

export interface TimeBucketsOptions {
  /** Series ids are below this (default unbounded): caps the index, which is sized to the series seen. */
  maxSeriesIds?: number;
  /** Default {@link DEFAULT_BUCKET_BUDGET_BYTES}. */
  budgetBytes?: number;
  relativeAccuracy: number;
}

/**
 * Fast statistics of recent windows for every series, within a fixed memory budget.
 *
 * Two rings per series: 10 s buckets for the last ~5 min and 1 min buckets for the last ~hour,
 * "last" counting back from the newest span start seen, not from the wall clock (so replaying the
 * WAL rebuilds the same buckets; a span older than a ring is counted in the lifetime stats only).
 * Each bucket a series has data in holds count, errors, mean, M2, min, max, first and last start
 * (48 bytes) and a hash table from sketch key to count (8 bytes per entry, 2 entries at first,
 * doubling at 3/4 full), so the percentiles of a window keep the sketch's relative accuracy.
 * Buckets are allocated only when they receive data, from 64 KiB pages of a pool per level; an
 * epoch's pages are recycled whole when it leaves its ring.
 *
 * The budget bounds all of it, pages and index (slots x series x 4 bytes) of both levels; the
 * fine level gets 1/3 of it, the coarse one 2/3. A bucket with k distinct keys takes 48 + 8c bytes
 * (c = table capacity, the least power of two >= 2 with k <= 3c/4) plus under 8c in tables it
 * outgrew, freed with its epoch: 64 bytes for 1 key, 96 for 2-3, 160 for 4-6, 288 for 7-12,
 * about 8 KiB for a busy series' 300. With 10,000 series the indexes take 3.8 MB, so the default
 * 64 MiB holds every one of 10,000 series with one distinct duration in each of its 96 buckets
 * (61 MB), or 2,000 series with ~10 per bucket, or ~80 busy series over the whole hour. When a
 * bucket cannot get memory it is marked lost ({@link lostBuckets} counts them) and windows over
 * it return null, so the engine answers them by an exact scan: results are never silently partial.
 *
 * Bucket edges: `outer` widens [from, to) to whole buckets, so the result also counts spans up
 * to one bucket width (10 s, or 1 min for windows older than the fine ring) before `from` and
 * after `to`; `inner` narrows it, so the engine can add exact scans of the uncovered edges. The
 * summary's `from` and `to` give the range the result is exact for.
 */
export class TimeBuckets {
  readonly budgetBytes: number;
  private readonly mapping: LogMapping;
  private readonly fine: BucketLevel;
  private readonly coarse: BucketLevel;

  constructor(opts: TimeBucketsOptions) {
    this.budgetBytes = opts.budgetBytes ?? DEFAULT_BUCKET_BUDGET_BYTES;
    if (!(Number.isSafeInteger(this.budgetBytes) && this.budgetBytes >= MIN_BUCKET_BUDGET_BYTES)) {
      throw new InvalidArgumentError(
        `bucketBudgetBytes must be an integer >= ${MIN_BUCKET_BUDGET_BYTES}, got ${this.budgetBytes}`,
      );
    }
    this.mapping = new LogMapping(opts.relativeAccuracy);
    const fineBudget = Math.floor(this.budgetBytes * FINE_BUDGET_SHARE);
    const ids = opts.maxSeriesIds ?? Infinity;
    this.fine = new BucketLevel(FINE_WIDTH_MS, FINE_SLOTS, fineBudget, ids);
    this.coarse = new BucketLevel(COARSE_WIDTH_MS, COARSE_SLOTS, this.budgetBytes - fineBudget, ids);
  }

  /** Counts one span in its 10 s and its 1 min bucket. O(1) amortised. */
  add(seriesId: number, startMs: number, durationNs: number, isError: boolean): void {
    const key = durationNs < MIN_INDEXABLE_VALUE ? ZERO_KEY : this.mapping.key(durationNs);
    this.fine.add(seriesId, startMs, durationNs, key, isError);
    this.coarse.add(seriesId, startMs, durationNs, key, isError);
  }

  /**
   * Stats of a series (or the sum of several: a series and its aliases) over [fromMs, toMs)
   * from the finest level that still holds the whole window, aligned to its bucket edges as
   * `align` says; null when no level can answer (the window reaches past the rings, or a bucket
   * in it was lost to the budget).
   */
  summarize(
    seriesIds: number | readonly number[],
    fromMs: number,
    toMs: number,
    align: BucketAlign = 'outer',
  ): BucketSummary | null {
    if (!(fromMs <= toMs)) throw new InvalidArgumentError(`window from ${fromMs} is after to ${toMs}`);
    for (const level of [this.fine, this.coarse]) {
      const w = level.widthMs;
      const fromEpoch = align === 'outer' ? Math.floor(fromMs / w) : Math.ceil(fromMs / w);
      const toEpoch = align === 'outer' ? Math.ceil(toMs / w) : Math.floor(toMs / w);
      const window = this.emptyWindow();
      // No whole bucket inside the window: an empty summary, the caller scans all of it.
      if (toEpoch <= fromEpoch && align === 'inner')
        return { ...window, from: fromMs, to: fromMs, widthMs: w };
      if (!level.retains(fromEpoch) || !collectAll(level, seriesIds, fromEpoch, toEpoch, window)) continue;
      // Buckets past the newest span hold nothing yet, so the result is exact up to `to` itself.
      const to = toEpoch <= level.newestEpoch + 1 ? toEpoch * w : toMs;
      return { ...window, from: fromEpoch * w, to: align === 'outer' ? to : toEpoch * w, widthMs: w };
    }
    return null;
  }

  private emptyWindow(): LevelWindow {
    return {
      stats: new RunningStats(),
      sketch: new DDSketch({ relativeAccuracy: this.mapping.relativeAccuracy }),
      firstSeen: null,
      lastSeen: null,
    };
  }

  /** Buckets given up because the budget was spent: windows over them return null. */
  get lostBuckets(): number {
    return this.fine.lost + this.coarse.lost;
  }

  /** Bytes held (pages created, indexes, slot arrays); never more than {@link budgetBytes}. */
  memoryBytes(): number {
    return this.fine.memoryBytes() + this.coarse.memoryBytes();
  }

  /** Appends both levels (see {@link BucketLevel.writeTo}). */
  writeTo(w: ByteWriter): void {
    this.fine.writeTo(w);
    this.coarse.writeTo(w);
  }

  /** {@link writeTo} in steps that yield between slices (see {@link BucketLevel.writeSteps}). */
  *writeSteps(w: ByteWriter): Generator<void, void, undefined> {
    yield* this.fine.writeSteps(w);
    yield* this.coarse.writeSteps(w);
  }

  /** Reads both levels into these (empty) buckets; `seriesIds` bounds the series ids. */
  readFrom(r: ByteReader, seriesIds: number): void {
    this.fine.readFrom(r, seriesIds);
    this.coarse.readFrom(r, seriesIds);
  }
}

/** Collects every series of `seriesIds` into `window`; false when one of them cannot be. */
function collectAll(
  level: BucketLevel,
  seriesIds: number | readonly number[],
  fromEpoch: number,
  toEpoch: number,
  window: LevelWindow,
): boolean {
  if (typeof seriesIds === 'number') return level.collect(seriesIds, fromEpoch, toEpoch, window);
  for (const id of seriesIds) if (!level.collect(id, fromEpoch, toEpoch, window)) return false;
  return true;
}
