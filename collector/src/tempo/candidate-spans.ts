/**
 * The spans a TraceQL filter may match, newest first: the store's scan narrows by window and by
 * what the filter pins down at its top level (service, name, status), then each row is tested.
 */
import type { Row, ScanFilter } from '@laptime/store';
import type { CollectorContext } from '../context.js';
import type { Expr } from './traceql-ast.js';
import { spanMatches } from './span-match.js';

/**
 * Most rows read per query. A row read decodes its attributes, so this bounds what one request
 * costs the event loop; past it the answer covers the newest rows only (reported as inspected).
 */
export const MAX_INSPECTED_SPANS = 50_000;

/** The series that counts spans of series beyond the store's cap (API.md, LAPTIME_MAX_SERIES). */
export const OVERFLOW_SERIES = '__overflow__';

/** Visits the rows in `window` that match `filter`, as {@link visitRows} does. */
export function visitMatching(
  ctx: CollectorContext,
  filter: Expr,
  window: { from?: number; to?: number },
  visit: (index: number, row: Row) => boolean,
): number {
  const scan: ScanFilter = { ...window, ...pinned(filter) };
  return visitRows(ctx, scan, (row) => spanMatches(filter, row), visit);
}

/**
 * Visits the rows that `scan` selects and `test` accepts, newest first, until `visit` returns
 * false or {@link MAX_INSPECTED_SPANS} rows were read. The scan's service and name narrow the
 * search only while no series overflows the cap: rows beyond it sit in `__overflow__` under
 * their real names, so then they are left to `test`. Returns how many rows were read.
 */
export function visitRows(
  ctx: CollectorContext,
  scan: ScanFilter,
  test: (row: Row) => boolean,
  visit: (index: number, row: Row) => boolean,
): number {
  const narrowed: ScanFilter = { ...scan, order: 'desc' };
  if (ctx.store.series().some((s) => s.name === OVERFLOW_SERIES)) {
    delete narrowed.service;
    delete narrowed.name;
  }
  let inspected = 0;
  ctx.store.scan(narrowed, (index) => {
    if (inspected >= MAX_INSPECTED_SPANS) return false;
    inspected++;
    const row = ctx.store.fetch(index);
    if (scan.service !== undefined && row.service !== scan.service) return true;
    if (scan.name !== undefined && row.name !== scan.name) return true;
    return test(row) ? visit(index, row) : true;
  });
  return inspected;
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
