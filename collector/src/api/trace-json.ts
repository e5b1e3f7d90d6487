/** A trace in the HTTP API's shape, from any store view (the collector's store or a CLI reader). */
import { NotFoundError, type Row } from '@laptime/store';
import { traceIdOf } from './query-params.js';
import { spanJson, type SpanJson } from './span-json.js';

/** What a trace is read from: the writer's store and a reader's snapshot both have it. */
export interface TraceRows {
  findTrace(traceId: Uint8Array): number[];
  fetch(index: number): Row;
}

/**
 * The kept spans of a trace with their indexes, ordered by start (then by index); empty when none
 * is stored.
 */
export function traceRowsById(view: TraceRows, traceId: Uint8Array): { index: number; row: Row }[] {
  const rows = view.findTrace(traceId).map((index) => ({ index, row: view.fetch(index) }));
  rows.sort((a, b) => {
    const d = a.row.startTimeUnixNano - b.row.startTimeUnixNano;
    return d < 0n ? -1 : d > 0n ? 1 : a.index - b.index;
  });
  return rows;
}

/**
 * {@link traceRowsById} for a trace id as text.
 * @throws InvalidArgumentError for a malformed id; NotFoundError when no span of it is stored.
 */
export function traceRows(view: TraceRows, traceIdText: string): { index: number; row: Row }[] {
  const traceId = traceIdText.toLowerCase();
  const rows = traceRowsById(view, traceIdOf(traceId, 'traceId'));
  if (rows.length === 0) throw new NotFoundError(`no spans of trace ${traceId} are stored`);
  return rows;
}

/** `{traceId, spans}` as GET /api/traces/:traceId answers it. */
export function traceJson(view: TraceRows, traceIdText: string): { traceId: string; spans: SpanJson[] } {
  const spans = traceRows(view, traceIdText).map(({ index, row }) => spanJson(index, row));
  return { traceId: traceIdText.toLowerCase(), spans };
}
