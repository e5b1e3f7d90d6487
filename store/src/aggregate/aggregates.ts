import { InvalidArgumentError } from '../errors.js';
import { DDSketch, DEFAULT_RELATIVE_ACCURACY } from '../sketch/dd-sketch.js';
import { RunningStats } from './running-stats.js';
import { OVERFLOW_SERIES_ID, SeriesTable, type SeriesName } from './series-table.js';
import { buildStatsResult, REPORTED_QUANTILES, type StatsResult } from './stats-result.js';
import { TimeBuckets, type BucketAlign, type BucketSummary } from './time-buckets.js';
import type { AggregatesState } from './aggregates-codec.js';
import { readAggregates, writeAggregates, writeAggregatesSteps } from './aggregates-codec.js';

export type { StatsResult } from './stats-result.js';
export { exactStats, type ExactStatsInput } from './exact-stats.js';

export interface AggregatesOptions {
  /** Cardinality cap (default 10,000); see {@link SeriesTable}. */
  maxSeries?: number;
  /** Memory budget of the time buckets (default 64 MiB); see {@link TimeBuckets}. */
  bucketBudgetBytes?: number;
  /** Relative accuracy of the percentiles (default 0.01). */
  relativeAccuracy?: number;
}

/** A series as {@link Aggregates.series} lists it. */
export interface SeriesEntry {
  service: string;
  name: string;
  count: number;
  id: number;
}

/** A series' exact running figures, durations in ns (for recounts by `verify`). */
export interface RawStats {
  count: number;
  errors: number;
  sum: number;
  /** +Infinity / -Infinity when empty. */
  min: number;
  max: number;
  mean: number;
  m2: number;
}

/** Estimated bytes per series besides its sketch (stats object, times, array slots). */
const SERIES_STATS_BYTES = 120;

/**
 * The store's per-series aggregates: the series table (with its cardinality cap), exact running
 * stats and a DDSketch of durations per series, and time buckets for recent windows. Every span
 * is counted once by {@link add}, in O(1) without allocation (except when a sketch's key range or
 * a bucket table grows). Lifetime stats are answered in O(bins); recent windows from the buckets,
 * or null when they cannot be (the caller then scans exactly).
 */
export class Aggregates {
  readonly relativeAccuracy: number;
  // Not readonly: deserialize() swaps in the decoded state.
  private table: SeriesTable;
  private stats: RunningStats[] = [];
  private sketches: DDSketch[] = [];
  private firstSeen: number[] = [];
  private lastSeen: number[] = [];
  private buckets: TimeBuckets;
  /** Canonical id to the alias ids whose rows count into it (see {@link SeriesTable.readFrom}). */
  private aliasesOf = new Map<number, number[]>();
  private readonly quantiles = new Float64Array(REPORTED_QUANTILES.length);

  constructor(opts: AggregatesOptions = {}) {
    this.relativeAccuracy = opts.relativeAccuracy ?? DEFAULT_RELATIVE_ACCURACY;
    this.table = new SeriesTable(opts.maxSeries);
    this.buckets = newBuckets(this.relativeAccuracy, opts.bucketBudgetBytes, this.table.maxSeries + 1);
    for (let id = 0; id < this.table.size; id++) this.addSeriesSlot();
  }

  /** Series ids in use (the overflow series, id 0, included); ids are below this. */
  get seriesCount(): number {
    return this.table.size;
  }

  /** Spans counted into the overflow series ("__overflow__", "__overflow__") because of the cap. */
  get overflowed(): number {
    return this.stats[OVERFLOW_SERIES_ID]!.count;
  }

  /** Time buckets given up to the budget (windows over them fall back to exact scans). */
  get lostBuckets(): number {
    return this.buckets.lostBuckets;
  }

  /** The cardinality cap. */
  get maxSeries(): number {
    return this.table.maxSeries;
  }

  /** The id of (service, name): interned if new and under the cap, else the overflow series' id. */
  seriesId(service: string, name: string): number {
    const id = this.table.intern(service, name);
    if (id === this.stats.length) this.addSeriesSlot();
    return id;
  }

  /**
   * Counts one span: start (unix ms), duration (ns, finite, >= 0), error flag (status code 2).
   * O(1), no allocation except when a sketch's range or a bucket's table grows.
   * @throws InvalidArgumentError for an unknown series id or a bad time or duration.
   */
  add(seriesId: number, startMs: number, durationNs: number, isError: boolean): void {
    const stats = this.stats[seriesId];
    if (stats === undefined) throw new InvalidArgumentError(`unknown series id ${seriesId}`);
    if (!(durationNs >= 0 && durationNs <= Number.MAX_VALUE) || !Number.isFinite(startMs)) {
      throw new InvalidArgumentError(`bad span: start ${startMs} ms, duration ${durationNs} ns`);
    }
    stats.add(durationNs, isError);
    this.sketches[seriesId]!.add(durationNs);
    if (startMs < this.firstSeen[seriesId]!) this.firstSeen[seriesId] = startMs;
    if (startMs > this.lastSeen[seriesId]!) this.lastSeen[seriesId] = startMs;
    this.buckets.add(seriesId, startMs, durationNs, isError);
  }

  /** Lifetime stats of a series: exact count, errors, mean, min, max, stddev; sketched percentiles. */
  lifetime(seriesId: number): StatsResult {
    const { service, name } = this.describe(seriesId);
    const stats = this.stats[seriesId]!;
    this.sketches[seriesId]!.quantilesInto(REPORTED_QUANTILES, this.quantiles);
    return buildStatsResult({
      service,
      name,
      stats,
      quantilesNs: this.quantiles,
      firstSeen: stats.count === 0 ? null : this.firstSeen[seriesId]!,
      lastSeen: stats.count === 0 ? null : this.lastSeen[seriesId]!,
      from: null,
      to: null,
      exact: false,
      relativeError: this.relativeAccuracy,
    });
  }

  /** A copy of a series' exact running figures in ns. @throws NotFoundError for an unknown id. */
  raw(seriesId: number): RawStats {
    this.describe(seriesId);
    const { count, errors, sum, min, max, mean, m2 } = this.stats[seriesId]!;
    return { count, errors, sum, min, max, mean, m2 };
  }

  /**
   * Stats over [fromMs, toMs) from the time buckets, widened to bucket edges (10 s within the
   * last ~5 min, 1 min within the last ~hour): the result's `from` and `to` say what it covers.
   * Null when the buckets cannot answer (too old, or a bucket lost to the budget).
   */
  window(seriesId: number, fromMs: number, toMs: number): StatsResult | null {
    const { service, name } = this.describe(seriesId);
    const summary = this.buckets.summarize(this.withAliases([seriesId]), fromMs, toMs, 'outer');
    if (summary === null) return null;
    summary.sketch.quantilesInto(REPORTED_QUANTILES, this.quantiles);
    return buildStatsResult({
      service,
      name,
      stats: summary.stats,
      quantilesNs: this.quantiles,
      firstSeen: summary.firstSeen,
      lastSeen: summary.lastSeen,
      from: summary.from,
      to: summary.to,
      exact: false,
      relativeError: this.relativeAccuracy,
    });
  }

  /**
   * The mergeable parts of a window from the buckets: with `inner`, the whole buckets inside
   * [fromMs, toMs), so a caller can add exact scans of [fromMs, from) and [to, toMs) to
   * `stats` and `sketch`. Null when the buckets cannot answer.
   */
  windowSummary(seriesId: number, fromMs: number, toMs: number, align: BucketAlign): BucketSummary | null {
    this.describe(seriesId);
    return this.buckets.summarize(this.withAliases([seriesId]), fromMs, toMs, align);
  }

  /** Every series with its lifetime span count, by id (the overflow series first); no aliases. */
  series(): SeriesEntry[] {
    const out: SeriesEntry[] = [];
    for (let id = 0; id < this.table.size; id++) {
      if (this.table.isAlias(id)) continue;
      const { service, name } = this.table.describe(id);
      out.push({ service, name, count: this.stats[id]!.count, id });
    }
    return out;
  }

  /** Ids of the series named `name` (in `service` only, if given). */
  find(name: string, service?: string): number[] {
    return this.table.find(name, service);
  }

  /**
   * `ids` and every alias of them: the ids rows on disk may carry for these series, which is
   * what a scan must match.
   */
  withAliases(ids: readonly number[]): number[] {
    if (this.aliasesOf.size === 0) return [...ids];
    return ids.flatMap((id) => [id, ...(this.aliasesOf.get(id) ?? [])]);
  }

  /** The series a row's stored id counts into: the id itself, or the id it is an alias of. */
  canonical(seriesId: number): number {
    return this.table.canonical(seriesId);
  }

  /** Service and name of a series. @throws NotFoundError for an unknown id. */
  describe(seriesId: number): SeriesName {
    return this.table.describe(seriesId);
  }

  /** Estimated bytes held: table, stats, sketches and buckets (the buckets within their budget). */
  memoryBytes(): number {
    let sketches = 0;
    for (const s of this.sketches) sketches += s.memoryBytes();
    return (
      this.table.memoryBytes() +
      this.stats.length * SERIES_STATS_BYTES +
      sketches +
      this.buckets.memoryBytes()
    );
  }

  /** Bytes held by the time buckets alone (bounded by the bucket budget). */
  bucketMemoryBytes(): number {
    return this.buckets.memoryBytes();
  }

  /** The checkpoint encoding (see {@link writeAggregates}): versioned, with a CRC-32. */
  serialize(): Uint8Array {
    return writeAggregates(this.state());
  }

  /**
   * {@link serialize} in steps that yield between slices of a few milliseconds; the generator
   * returns the bytes. Nothing may be added until it returns (the checkpoint holds appends back).
   */
  *serializeSteps(): Generator<void, Uint8Array, undefined> {
    // A good size guess saves the copies (long pauses at tens of MB) of a buffer grown by doubling.
    const hint = this.lastEncodedBytes > 0 ? this.lastEncodedBytes * 1.25 : this.memoryBytes() / 2;
    const bytes = yield* writeAggregatesSteps(this.state(), hint);
    this.lastEncodedBytes = bytes.length;
    return bytes;
  }

  /** Size of the last encoding made by {@link serializeSteps}, a hint for the next one. */
  private lastEncodedBytes = 0;

  private state(): AggregatesState {
    return {
      relativeAccuracy: this.relativeAccuracy,
      table: this.table,
      stats: this.stats,
      firstSeen: this.firstSeen,
      lastSeen: this.lastSeen,
      sketches: this.sketches,
      buckets: this.buckets,
    };
  }

  /**
   * Reads a checkpoint. Options apply as in the constructor, except that the stored relative
   * accuracy is kept (`opts.relativeAccuracy`, if given, must equal it).
   * @throws CorruptError (bad magic, checksum or content), FormatVersionError (newer version),
   *   InvalidArgumentError (accuracy mismatch).
   */
  static deserialize(bytes: Uint8Array, opts: AggregatesOptions = {}): Aggregates {
    const state = readAggregates(bytes, opts.maxSeries, (relativeAccuracy, seriesIds) =>
      newBuckets(relativeAccuracy, opts.bucketBudgetBytes, seriesIds),
    );
    if (opts.relativeAccuracy !== undefined && opts.relativeAccuracy !== state.relativeAccuracy) {
      throw new InvalidArgumentError(
        `relativeAccuracy ${opts.relativeAccuracy} differs from the checkpoint's ${state.relativeAccuracy}`,
      );
    }
    const aggregates = new Aggregates({ ...opts, relativeAccuracy: state.relativeAccuracy });
    aggregates.table = state.table;
    aggregates.stats = state.stats;
    aggregates.sketches = state.sketches;
    aggregates.firstSeen = state.firstSeen;
    aggregates.lastSeen = state.lastSeen;
    aggregates.buckets = state.buckets;
    aggregates.foldAliases();
    return aggregates;
  }

  /**
   * Counts each alias's lifetime figures into its canonical series and empties the alias, so
   * that a series is listed, and answered, once. Writing the result back is idempotent: a
   * folded alias has nothing left to fold. Its time buckets stay where they are and are summed
   * with the canonical series' when a window is asked for.
   */
  private foldAliases(): void {
    for (const [alias, canonical] of this.table.aliases()) {
      const list = this.aliasesOf.get(canonical);
      if (list === undefined) this.aliasesOf.set(canonical, [alias]);
      else list.push(alias);
      this.stats[canonical]!.merge(this.stats[alias]!);
      this.sketches[canonical]!.merge(this.sketches[alias]!);
      this.firstSeen[canonical] = Math.min(this.firstSeen[canonical]!, this.firstSeen[alias]!);
      this.lastSeen[canonical] = Math.max(this.lastSeen[canonical]!, this.lastSeen[alias]!);
      this.stats[alias] = new RunningStats();
      this.sketches[alias] = new DDSketch({ relativeAccuracy: this.relativeAccuracy });
      this.firstSeen[alias] = Infinity;
      this.lastSeen[alias] = -Infinity;
    }
  }

  private addSeriesSlot(): void {
    this.stats.push(new RunningStats());
    this.sketches.push(new DDSketch({ relativeAccuracy: this.relativeAccuracy }));
    this.firstSeen.push(Infinity);
    this.lastSeen.push(-Infinity);
  }
}

function newBuckets(
  relativeAccuracy: number,
  budgetBytes: number | undefined,
  maxSeriesIds: number,
): TimeBuckets {
  const opts = { relativeAccuracy, maxSeriesIds };
  return new TimeBuckets(budgetBytes === undefined ? opts : { ...opts, budgetBytes });
}
