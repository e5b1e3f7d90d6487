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
 * `{traceId, spans}` with the spans ordered by start (then by index).
 * @throws InvalidArgumentError for a malformed id; NotFoundError when no span of it is stored.
 */
export function traceJson(view: TraceRows, traceIdText: string): { traceId: string; spans: SpanJson[] } {
  const traceId = traceIdText.toLowerCase();
  const indexes = view.findTrace(traceIdOf(traceId, 'traceId'));
  if (indexes.length === 0) throw new NotFoundError(`no spans of trace ${traceId} are stored`);
  const rows = indexes.map((index) => ({ index, row: view.fetch(index) }));
  rows.sort((a, b) => {
    const d = a.row.startTimeUnixNano - b.row.startTimeUnixNano;
    return d < 0n ? -1 : d > 0n ? 1 : a.index - b.index;
  });
  return { traceId, spans: rows.map(({ index, row }) => spanJson(index, row)) };
}
