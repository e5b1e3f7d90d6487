import type { Aggregates, StatsResult } from '../aggregate/aggregates.js';
import { exactStats } from '../aggregate/aggregates.js';
import { AmbiguousError, ClosedError, ExpiredError, InvalidArgumentError, NotFoundError } from '../errors.js';
import type { Row, RowBatch } from '../row/types.js';
import { batchRow, decodeRow } from '../row/decode-row.js';
import { OVERFLOW_SERIES_ID, type SeriesName } from '../aggregate/series-table.js';
import { contextNames } from './overflow.js';
import type { CompiledFilter, ScanFilter } from './filter.js';
import { compileFilter, msToNs } from './filter.js';
import type { Matches } from './scan.js';
import { newMatches, scanSegment } from './scan.js';
import type { Segment } from './segment.js';
import { newRowSlots } from './segment.js';
import { OpenFiles } from './open-files.js';

/** A series and how many spans it has had. */
export interface SeriesInfo {
  service: string;
  name: string;
  count: number;
}

/** Options of `stats()`. Times are unix ms; the window is [from, to). */
export interface StatsOptions {
  service?: string;
  from?: number;
  to?: number;
  /** Percentiles computed exactly by scanning the series' durations. */
  exact?: boolean;
}

/** Rows the reader holds in memory from the WAL tail, with values derived once. */
export interface OverlayBatch {
  first: number;
  batch: RowBatch;
  series: Uint32Array;
  /** Durations in ns. */
  durations: Float64Array;
}

const TWO_32 = 4294967296;

/** A growable list of durations for exact statistics. */
class DurationList {
  values = new Float64Array(1024);
  count = 0;
  errors = 0;
  firstMs = Infinity;
  lastMs = -Infinity;

  push(ns: number, isError: boolean, startMs: number): void {
    if (this.count === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.count++] = ns;
    if (isError) this.errors++;
    if (startMs < this.firstMs) this.firstMs = startMs;
    if (startMs > this.lastMs) this.lastMs = startMs;
  }
}

/**
 * The read side shared by the writer (`Store`) and by read-only snapshots (`StoreReader`):
 * fetch by index, scans with zone maps, statistics from aggregates or exact scans.
 */
export abstract class StoreView {
  protected segments: Segment[] = [];
  /** The aggregates as stored; read them through `aggregates`, which brings them up to date. */
  protected agg!: Aggregates;
  /** Bounds the segments whose files are open at once. */
  protected readonly openFiles = new OpenFiles();
  /** Rows [0, rowEnd) exist (some may have expired). */
  protected rowEnd = 0;
  /** Rows below this were dropped by retention. */
  protected firstLive = 0;
  /** Rows at or above this index are served from the overlay (readers only). */
  protected overlayFrom = Number.POSITIVE_INFINITY;
  protected closed = false;
  private readonly slots = newRowSlots();
  private matches: Matches = newMatches(4096);

  /** The aggregates, up to date with every row this view holds. */
  protected get aggregates(): Aggregates {
    this.prepareAggregates();
    return this.agg;
  }

  /** Readers count the rows of their WAL tail here, on first use. */
  protected prepareAggregates(): void {}

  /** Overlay batches in index order (or reverse): readers decode their WAL tail lazily. */
  protected overlayBatches(_desc: boolean): Iterable<OverlayBatch> {
    return [];
  }

  /** The overlay batch holding `index`, if any. */
  protected overlayBatchAt(_index: number): OverlayBatch | null {
    return null;
  }

  /** Rows appended so far: the next row's index. */
  get length(): number {
    return this.rowEnd;
  }

  /** The oldest row still kept (rows below it expired). */
  get firstIndex(): number {
    return this.firstLive;
  }

  protected assertOpen(): void {
    if (this.closed) throw new ClosedError();
  }

  /** The segment that holds `index` (binary search over segment bases). */
  protected segmentOf(index: number): Segment {
    const segs = this.segments;
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segs[mid]!.base <= index) lo = mid;
      else hi = mid - 1;
    }
    return segs[lo]!;
  }

  /** One row by its global index: O(1) page reads through the bufferpool. */
  fetch(index: number): Row {
    this.assertOpen();
    if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0) {
      throw new InvalidArgumentError(`index: must be a non-negative integer, got ${String(index)}`);
    }
    if (index >= this.rowEnd) {
      throw new NotFoundError(
        this.rowEnd === 0
          ? `row ${index} does not exist: the store is empty`
          : `row ${index} does not exist: the store holds rows ${this.firstLive} to ${this.rowEnd - 1}`,
      );
    }
    if (index < this.firstLive) {
      throw new ExpiredError(
        `row ${index} was dropped by retention; the oldest row kept is ${this.firstLive}`,
      );
    }
    if (index >= this.overlayFrom) return this.fetchOverlay(index);
    const seg = this.segmentOf(index);
    const s = seg.readSlots(index - seg.base, this.slots);
    const context = seg.context(s.context);
    const names = contextNames(context) ?? this.aggregates.describe(s.series);
    // decodeRow copies everything it keeps, so the extras can be read in place from the page.
    return seg.withHeap(s.extrasOffset, s.extrasLength, (extras) =>
      decodeRow({
        traceId: s.traceId,
        spanId: s.spanId,
        parentSpanId: s.parentSpanId,
        startLo: s.startLo,
        startHi: s.startHi,
        durationLo: s.durLo,
        durationHi: s.durHi,
        flags: s.flags,
        kind: s.kind,
        statusCode: s.statusCode,
        service: names.service,
        name: names.name,
        extras,
        context,
      }),
    );
  }

  private fetchOverlay(index: number): Row {
    const o = this.overlayBatchAt(index);
    if (o === null) throw new NotFoundError(`row ${index} is not in this snapshot`);
    return batchRow(o.batch, index - o.first);
  }

  /**
   * Global indexes of every live row of a trace, in index order. Uses each segment's trace-id
   * chains: no scan of the store.
   */
  findTrace(traceId: Uint8Array): number[] {
    this.assertOpen();
    if (!(traceId instanceof Uint8Array) || traceId.length !== 16)
      throw new InvalidArgumentError('traceId: must be 16 bytes');
    const out: number[] = [];
    for (const seg of this.segments) {
      if (seg.base + seg.rows <= this.firstLive || seg.base >= this.overlayFrom) continue;
      const limit = Math.min(seg.rows, this.overlayFrom - seg.base);
      for (const slot of seg.findTrace(traceId, limit)) {
        if (seg.base + slot >= this.firstLive) out.push(seg.base + slot);
      }
    }
    for (const o of this.overlayBatches(false)) {
      const ids = o.batch.traceIds;
      for (let i = 0; i < o.batch.length; i++) {
        if (o.first + i < this.overlayFrom) continue;
        let same = true;
        for (let j = 0; j < 16 && same; j++) same = ids[16 * i + j] === traceId[j];
        if (same) out.push(o.first + i);
      }
    }
    return out;
  }

  /** Every series with its lifetime span count. */
  series(): SeriesInfo[] {
    this.assertOpen();
    return this.aggregates
      .series()
      .filter((s) => s.count > 0)
      .map((s) => ({ service: s.service, name: s.name, count: s.count }));
  }

  /** Series ids matching a name and/or service; undefined when neither is given. */
  protected matchingSeries(name: string | undefined, service: string | undefined): number[] | undefined {
    if (name === undefined && service === undefined) return undefined;
    return this.aggregates
      .series()
      .filter(
        (s) => (name === undefined || s.name === name) && (service === undefined || s.service === service),
      )
      .map((s) => s.id);
  }

  /**
   * Statistics of one series. Lifetime figures come from the aggregates (O(1)); a recent window
   * from the time buckets; any other window, or `exact: true`, from a scan that zone maps prune.
   */
  stats(name: string, opts: StatsOptions = {}): StatsResult {
    this.assertOpen();
    if (typeof name !== 'string') throw new InvalidArgumentError('name: must be a string');
    const ids = this.aggregates.find(name, opts.service);
    if (ids.length === 0) {
      throw new NotFoundError(
        opts.service === undefined
          ? `no series named '${name}'`
          : `no series named '${name}' in service '${opts.service}'`,
      );
    }
    if (ids.length > 1) {
      const services = ids.map((id) => this.aggregates.describe(id).service);
      throw new AmbiguousError(
        `'${name}' exists in several services (${services.join(', ')}): name one with service`,
      );
    }
    const id = ids[0]!;
    const windowed = opts.from !== undefined || opts.to !== undefined;
    if (!opts.exact) {
      if (!windowed) return this.aggregates.lifetime(id);
      const w = this.aggregates.window(id, opts.from ?? 0, opts.to ?? Date.now());
      if (w !== null) return w;
    }
    return this.exactSeries([id], opts.from, opts.to)[0]!;
  }

  /** Statistics of every series (optionally of one service), lifetime or over a window. */
  statsAll(opts: Omit<StatsOptions, 'exact'> & { exact?: boolean } = {}): StatsResult[] {
    this.assertOpen();
    const ids = this.matchingSeries(undefined, opts.service) ?? this.aggregates.series().map((s) => s.id);
    const windowed = opts.from !== undefined || opts.to !== undefined;
    if (!opts.exact && !windowed) return ids.map((id) => this.aggregates.lifetime(id));
    if (!opts.exact) {
      const fast = ids.map((id) => this.aggregates.window(id, opts.from ?? 0, opts.to ?? Date.now()));
      if (fast.every((w) => w !== null)) return fast;
    }
    return this.exactSeries(ids, opts.from, opts.to);
  }

  /** Exact statistics of some series over a window, by one scan. */
  protected exactSeries(ids: number[], from: number | undefined, to: number | undefined): StatsResult[] {
    const lists = new Map<number, DurationList>();
    for (const id of ids) lists.set(id, new DurationList());
    const filter: ScanFilter = {};
    if (from !== undefined) filter.from = from;
    if (to !== undefined) filter.to = to;
    const agg = this.aggregates;
    const cf = compileFilter(filter, agg.withAliases(ids), agg.seriesCount);
    const single = ids.length === 1 ? lists.get(ids[0]!)! : null;
    this.scanChunks(cf, true, (_seg, m) => {
      for (let i = 0; i < m.count; i++) {
        const list = single ?? lists.get(agg.canonical(m.series[i]!))!;
        list.push(m.durations[i]!, m.statuses[i] === 2, m.startsMs[i]!);
      }
      return true;
    });
    return ids.map((id) => {
      const l = lists.get(id)!;
      const d = this.aggregates.describe(id);
      return exactStats({
        service: d.service,
        name: d.name,
        durationsNs: l.values.subarray(0, l.count),
        errors: l.errors,
        firstSeen: l.count > 0 ? l.firstMs : null,
        lastSeen: l.count > 0 ? l.lastMs : null,
        from: from ?? null,
        to: to ?? null,
      });
    });
  }

  /**
   * Visits matching rows by global index, in index order (or reverse with `order: 'desc'`);
   * `visit` returns false to stop.
   */
  scan(filter: ScanFilter, visit: (index: number) => boolean | void): void {
    this.assertOpen();
    const ids = this.matchingSeries(filter.name, filter.service);
    const agg = this.aggregates;
    // Spans past the cardinality cap count into the overflow series but keep their own names,
    // which a name or service filter matches them by: the overflow rows are tested one by one.
    const named = ids && [...agg.withAliases(ids), OVERFLOW_SERIES_ID];
    const cf = compileFilter(filter, named, agg.seriesCount);
    this.scanChunks(cf, false, (seg, m) => {
      for (let i = 0; i < m.count; i++) {
        const index = seg === null ? m.slots[i]! : seg.base + m.slots[i]!;
        if (named && m.series[i] === OVERFLOW_SERIES_ID && !this.namedAs(seg, m.slots[i]!, filter)) continue;
        if (visit(index) === false) return false;
      }
      return true;
    });
  }

  /** Whether a row's own service and name (an overflow row's, kept in its context) fit `filter`. */
  private namedAs(seg: Segment | null, slot: number, filter: ScanFilter): boolean {
    let names: SeriesName | null;
    if (seg === null) {
      const o = this.overlayBatchAt(slot);
      const b = o?.batch;
      const i = slot - (o?.first ?? 0);
      names = b ? { service: b.strings[b.services[i]!]!, name: b.strings[b.names[i]!]! } : null;
    } else {
      names = contextNames(seg.context(seg.readSlots(slot, this.slots).context));
    }
    names ??= this.aggregates.describe(OVERFLOW_SERIES_ID);
    return (
      (filter.name === undefined || names.name === filter.name) &&
      (filter.service === undefined || names.service === filter.service)
    );
  }

  /**
   * The scan loop over segments and the overlay. `onChunk(seg, m)` gets matches as segment slots,
   * or as global indexes when `seg` is null (overlay rows).
   */
  private scanChunks(
    cf: CompiledFilter,
    wantValues: boolean,
    onChunk: (seg: Segment | null, m: Matches) => boolean,
  ): void {
    const first = Math.max(this.firstLive, cf.after !== null && !cf.desc ? cf.after + 1 : 0);
    const end = Math.min(this.rowEnd, cf.after !== null && cf.desc ? cf.after : this.rowEnd);
    if (first >= end) return;
    const segEnd = Math.min(end, this.overlayFrom);
    const segParts = this.segments.filter(
      (s) => s.base < segEnd && s.base + s.rows > first && this.segmentMayMatch(s, cf),
    );
    const overlayPart = () => this.scanOverlay(cf, Math.max(first, this.overlayFrom), end, onChunk);
    if (cf.desc && !overlayPart()) return;
    const ordered = cf.desc ? [...segParts].reverse() : segParts;
    for (const seg of ordered) {
      const from = Math.max(first, seg.base) - seg.base;
      const to = Math.min(segEnd, seg.base + seg.rows) - seg.base;
      const go = scanSegment(seg, cf, from, to, wantValues, this.matches, (m) => onChunk(seg, m));
      if (!go) return;
    }
    if (!cf.desc) overlayPart();
  }

  private segmentMayMatch(seg: Segment, cf: CompiledFilter): boolean {
    if (seg.span.empty) return true;
    if (cf.fromNs !== null && BigInt(seg.span.maxString()) < cf.fromNs) return false;
    if (cf.toNs !== null && BigInt(seg.span.minString()) >= cf.toNs) return false;
    return true;
  }

  /** Overlay rows [first, end) tested row by row; matches are passed as global indexes. */
  private scanOverlay(
    cf: CompiledFilter,
    first: number,
    end: number,
    onChunk: (seg: Segment | null, m: Matches) => boolean,
  ): boolean {
    const m = newMatches(512);
    for (const o of this.overlayBatches(cf.desc)) {
      const lo = Math.max(first, o.first);
      const hi = Math.min(end, o.first + o.batch.length);
      if (lo >= hi) continue;
      const rows: number[] = [];
      for (let idx = lo; idx < hi; idx++) if (overlayMatches(o, idx - o.first, cf)) rows.push(idx);
      if (cf.desc) rows.reverse();
      for (let k = 0; k < rows.length; k += m.slots.length) {
        m.count = 0;
        for (const idx of rows.slice(k, k + m.slots.length)) {
          const i = idx - o.first;
          m.slots[m.count] = idx;
          m.durations[m.count] = o.durations[i]!;
          m.statuses[m.count] = o.batch.statusCodes[i]!;
          m.startsMs[m.count] = (o.batch.starts[2 * i + 1]! * TWO_32 + o.batch.starts[2 * i]!) / 1e6;
          m.series[m.count] = o.series[i]!;
          m.count++;
        }
        if (!onChunk(null, m)) return false;
      }
    }
    return true;
  }
}

function overlayMatches(o: OverlayBatch, i: number, cf: CompiledFilter): boolean {
  const b = o.batch;
  if (cf.series !== null && cf.series[o.series[i]!] !== 1) return false;
  if (cf.traceId !== null) {
    for (let j = 0; j < 16; j++) if (b.traceIds[16 * i + j] !== cf.traceId[j]) return false;
  }
  if (cf.fromNs !== null || cf.toNs !== null) {
    const start = (BigInt(b.starts[2 * i + 1]!) << 32n) | BigInt(b.starts[2 * i]!);
    if (cf.fromNs !== null && start < cf.fromNs) return false;
    if (cf.toNs !== null && start >= cf.toNs) return false;
  }
  if (o.durations[i]! < cf.minDurationNs) return false;
  if (cf.status >= 0 && b.statusCodes[i] !== cf.status) return false;
  return true;
}

export { msToNs };
