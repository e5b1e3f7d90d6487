import { LaptimeError } from '../errors.js';
import { MAX_DURATION_HIGH_WORD } from '../row/limits.js';
import { checkExtras } from '../row/validate.js';
import { COLUMNS, HEAP_COLUMN_ID } from './columns.js';
import type { ReaderOptions } from './reader.js';
import { StoreReader } from './reader.js';
import type { Segment } from './segment.js';
import { Segment as SegmentClass, newRowSlots } from './segment.js';

/** One thing found wrong. */
export interface Problem {
  /** File, page or series concerned. */
  where: string;
  what: string;
}

/** What `Store.verify` found. `ok` is true when `problems` is empty. */
export interface VerifyReport {
  ok: boolean;
  dir: string;
  rows: number;
  firstIndex: number;
  segments: number;
  pagesChecked: number;
  rowsChecked: number;
  seriesChecked: number;
  /** True when per-series aggregates were compared with a recount of the rows. */
  recounted: boolean;
  problems: Problem[];
}

/** Stop listing problems past this many: the report names the first ones. */
const MAX_PROBLEMS = 100;
const REL_TOLERANCE = 1e-9;

interface Recount {
  count: number;
  errors: number;
  sum: number;
  min: number;
  max: number;
}

/**
 * Reads every page of a data directory (magic, version, checksum, header row ranges), every
 * row's extras structure, the WAL records of the tail, and recounts the aggregates. Read-only:
 * safe beside a running writer.
 */
export async function verifyStore(dir: string, options: ReaderOptions = {}): Promise<VerifyReport> {
  const report: VerifyReport = {
    ok: false,
    dir,
    rows: 0,
    firstIndex: 0,
    segments: 0,
    pagesChecked: 0,
    rowsChecked: 0,
    seriesChecked: 0,
    recounted: false,
    problems: [],
  };
  const problem = (where: string, what: string): void => {
    if (report.problems.length < MAX_PROBLEMS) report.problems.push({ where, what });
  };
  let reader: StoreReader;
  try {
    reader = await StoreReader.open(dir, options);
  } catch (err) {
    problem(dir, err instanceof Error ? err.message : String(err));
    return report;
  }
  try {
    const snap = reader.snapshot();
    const m = snap.manifest;
    report.rows = snap.rowEnd;
    report.firstIndex = m.firstLiveRow;
    report.segments = snap.segments.length;
    const recount = new Map<number, Recount>();
    const tally = (stored: number, durNs: number, isError: boolean): void => {
      // Rows of an alias (a repeated name pair) count into the series it repeats.
      const series = snap.aggregates.canonical(stored);
      let r = recount.get(series);
      if (!r) recount.set(series, (r = { count: 0, errors: 0, sum: 0, min: Infinity, max: -Infinity }));
      r.count++;
      if (isError) r.errors++;
      r.sum += durNs;
      if (durNs < r.min) r.min = durNs;
      if (durNs > r.max) r.max = durNs;
    };
    for (const seg of snap.segments) {
      // Rows at or past the replay point come from the WAL: their pages may still change.
      const rows = Math.min(seg.rows, Math.max(0, m.replayRow - seg.base));
      checkSegment(seg, rows, seg.sealed ? seg.heapEnd : m.replayHeap, report, problem, tally);
    }
    for (const o of snap.overlay) {
      for (let i = 0; i < o.batch.length; i++) {
        if (o.first + i < m.replayRow) continue;
        tally(o.series[i]!, o.durations[i]!, o.batch.statusCodes[i] === 2);
        report.rowsChecked++;
      }
    }
    checkAggregates(snap.aggregates, recount, m.expiredRows, snap.rowEnd, report, problem);
  } catch (err) {
    problem(dir, err instanceof LaptimeError || err instanceof Error ? err.message : String(err));
  } finally {
    await reader.close();
  }
  report.ok = report.problems.length === 0;
  return report;
}

function checkSegment(
  seg: Segment,
  rows: number,
  heapBytes: number,
  report: VerifyReport,
  problem: (where: string, what: string) => void,
  tally: (series: number, durNs: number, isError: boolean) => void,
): void {
  // Column pages that hold only rows below `rows`, plus the heap pages below `heapBytes`.
  for (let f = 0; f < COLUMNS.length; f++) {
    const def = COLUMNS[f]!;
    const rpp = seg.rowsPerPage[f]!;
    const pages = Math.floor(rows / rpp) + (seg.sealed && rows % rpp !== 0 ? 1 : 0);
    for (let p = 0; p < pages; p++) {
      const where = `${seg.dir}/${def.name}.col page ${p}`;
      try {
        const h = seg.pageHeader(f, p, true);
        report.pagesChecked++;
        const first = seg.base + p * rpp;
        const count = Math.min(rpp, rows - p * rpp);
        if (h.columnId !== def.id) problem(where, `belongs to column ${h.columnId}`);
        else if (h.firstRow !== first || h.rowCount !== count) {
          problem(where, `holds rows ${h.firstRow}+${h.rowCount}, expected ${first}+${count}`);
        }
      } catch (err) {
        problem(where, (err as Error).message);
      }
    }
  }
  const heapPages =
    Math.floor(heapBytes / seg.heapPayload) + (seg.sealed && heapBytes % seg.heapPayload !== 0 ? 1 : 0);
  for (let p = 0; p < heapPages; p++) {
    const where = `${seg.dir}/heap.col page ${p}`;
    try {
      const h = seg.pageHeader(SegmentClass.heapSlot, p, true);
      report.pagesChecked++;
      if (h.columnId !== HEAP_COLUMN_ID) problem(where, `belongs to column ${h.columnId}`);
    } catch (err) {
      problem(where, (err as Error).message);
    }
  }
  const traceProblem = seg.checkTraceIndex();
  if (traceProblem !== null) problem(`${seg.dir}/trace.idx`, traceProblem);
  // Every row: its extras parse, its context exists, and it counts towards the recount.
  const slots = newRowSlots();
  for (let slot = 0; slot < rows; slot++) {
    const where = `row ${seg.base + slot}`;
    try {
      const s = seg.readSlots(slot, slots);
      if (s.extrasOffset + s.extrasLength > seg.heapEnd) {
        problem(where, `extras at ${s.extrasOffset}+${s.extrasLength} lie past the heap end ${seg.heapEnd}`);
        continue;
      }
      const extras = seg.readHeap(s.extrasOffset, s.extrasLength);
      const bad = checkExtras(extras, 0, extras.length);
      if (bad !== null) problem(where, `extras: ${bad}`);
      seg.context(s.context);
      if (s.durHi >= MAX_DURATION_HIGH_WORD) problem(where, 'duration beyond 2^53 ns');
      tally(s.series, s.durHi * 4294967296 + s.durLo, s.statusCode === 2);
      report.rowsChecked++;
    } catch (err) {
      problem(where, (err as Error).message);
    }
  }
}

function close(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= REL_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

function checkAggregates(
  agg: ReturnType<StoreReader['snapshot']>['aggregates'],
  recount: Map<number, Recount>,
  expiredRows: number,
  rowEnd: number,
  report: VerifyReport,
  problem: (where: string, what: string) => void,
): void {
  const series = agg.series();
  const total = series.reduce((n, s) => n + s.count, 0);
  if (total !== rowEnd)
    problem('aggregates', `series counts add up to ${total}, the store holds ${rowEnd} rows`);
  // Lifetime aggregates keep counting rows that retention dropped: a per-series recount is only
  // possible while every row is still there.
  if (expiredRows > 0) return;
  report.recounted = true;
  for (const s of series) {
    const r = recount.get(s.id) ?? { count: 0, errors: 0, sum: 0, min: Infinity, max: -Infinity };
    const raw = agg.raw(s.id);
    // Counted as `series()` lists them: a series without spans (the unused overflow) is not one.
    if (raw.count > 0 || r.count > 0) report.seriesChecked++;
    const where = `series ${s.service}/${s.name}`;
    if (raw.count !== r.count) problem(where, `count ${raw.count}, recount ${r.count}`);
    else if (raw.errors !== r.errors) problem(where, `errors ${raw.errors}, recount ${r.errors}`);
    else if (r.count > 0 && (!close(raw.sum, r.sum) || raw.min !== r.min || raw.max !== r.max)) {
      problem(where, `sum/min/max ${raw.sum}/${raw.min}/${raw.max}, recount ${r.sum}/${r.min}/${r.max}`);
    }
  }
}
