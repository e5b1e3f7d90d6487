/**
 * The spans a TraceQL filter may match, newest first: the store's scan narrows by window and by
 * what the filter pins down at its top level (service, name, status), then each row is tested.
 */
import { ErrorCode, LaptimeError, type Row, type ScanFilter } from '@laptime/store';
import type { CollectorContext } from '../context.js';
import type { Expr } from './traceql-ast.js';
import { spanMatches } from './span-match.js';

/**
 * Most rows read per query. A row read decodes its attributes, so this bounds what one request
 * costs the event loop; past it the answer covers the newest rows only (reported as inspected).
 */
export const MAX_INSPECTED_SPANS = 50_000;
/**
 * Rows read between two turns of the event loop, so health probes and ingest keep answering: the
 * longest wait measured was 43 ms on a two-core machine at load 18, against 1.5 s for an unsliced
 * scan to the bound (collector/bench/tempo/scan.bench.ts).
 */
export const SCAN_SLICE_ROWS = 500;

/** The series that counts spans of series beyond the store's cap (API.md, LAPTIME_MAX_SERIES). */
export const OVERFLOW_SERIES = '__overflow__';

/** Visits the rows in `window` that match `filter`, as {@link visitRows} does. */
export function visitMatching(
  ctx: CollectorContext,
  filter: Expr,
  window: { from?: number; to?: number },
  visit: (index: number, row: Row) => boolean,
): Promise<number> {
  const scan: ScanFilter = { ...window, ...pinned(filter) };
  return visitRows(ctx, scan, (row) => spanMatches(filter, row), visit);
}

/**
 * Visits the rows that `scan` selects and `test` accepts, newest first, until `visit` returns
 * false or {@link MAX_INSPECTED_SPANS} rows were read, in slices of {@link SCAN_SLICE_ROWS} rows
 * between which the event loop runs. The scan's service and name narrow the search only while no
 * series overflows the cap: rows beyond it sit in `__overflow__` under their real names, so then
 * they are left to `test`. A row dropped by retention meanwhile is skipped. Resolves to how many
 * rows were read.
 */
export async function visitRows(
  ctx: CollectorContext,
  scan: ScanFilter,
  test: (row: Row) => boolean,
  visit: (index: number, row: Row) => boolean,
): Promise<number> {
  const narrowed: ScanFilter = { ...scan, order: 'desc' };
  if (ctx.store.series().some((s) => s.name === OVERFLOW_SERIES)) {
    delete narrowed.service;
    delete narrowed.name;
  }
  let inspected = 0;
  let stopped = false;
  for (;;) {
    let inSlice = 0;
    let sliceFull = false;
    ctx.store.scan(narrowed, (index) => {
      if (inSlice === SCAN_SLICE_ROWS) {
        sliceFull = true;
        return false;
      }
      if (inspected === MAX_INSPECTED_SPANS) return false;
      inSlice++;
      inspected++;
      // Rows are appended below the cursor's reach (higher indexes), never reordered.
      narrowed.after = index;
      const row = fetchLive(ctx, index);
      if (row === null || !accepts(scan, row) || !test(row)) return true;
      stopped = !visit(index, row);
      return !stopped;
    });
    if (!sliceFull || stopped) return inspected;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

function accepts(scan: ScanFilter, row: Row): boolean {
  return (
    (scan.service === undefined || row.service === scan.service) &&
    (scan.name === undefined || row.name === scan.name)
  );
}

/** The row at `index`, or null when retention dropped it since the scan listed it. */
export function fetchLive(ctx: CollectorContext, index: number): Row | null {
  try {
    return ctx.store.fetch(index);
  } catch (err) {
    if (err instanceof LaptimeError && err.code === ErrorCode.Expired) return null;
    throw err;
  }
}
/** What a conjunction at the top of `expr` requires exactly: a scan filter that loses nothing. */
function pinned(expr: Expr): Pick<ScanFilter, 'service' | 'name' | 'status'> {
  const out: Pick<ScanFilter, 'service' | 'name' | 'status'> = {};
  const visit = (e: Expr): void => {
    if (e.op === 'and') {
      visit(e.left);
      visit(e.right);
      return;
    }
    if (e.op !== 'compare' || e.operator !== '=') return;
    const lit = e.literal;
    if (e.field.kind === 'service' && lit.type === 'string') out.service = lit.value;
    else if (e.field.kind === 'name' && lit.type === 'string') out.name = lit.value;
    else if (e.field.kind === 'status' && lit.type === 'keyword' && isStatus(lit.value))
      out.status = lit.value;
  };
  visit(expr);
  return out;
}

function isStatus(v: string): v is 'ok' | 'error' | 'unset' {
  return v === 'ok' || v === 'error' || v === 'unset';
}
