/**
 * GET /api/traces/:traceId: every kept span of one trace, ordered by start time; as OTLP
 * `TracesData` when asked (`?format=otlp`, `Accept: application/x-protobuf`).
 */
import { Router } from 'express';
import { NotFoundError, type Row } from '@laptime/store';
import type { CollectorContext } from '../context.js';
import { requestedOtlp, sendTracesData } from '../otlp-out/otlp-format.js';
import { traceIdOf } from './query-params.js';
import { spanJson } from './span-json.js';

export function tracesApiRoute(ctx: CollectorContext): Router {
  return Router().get('/api/traces/:traceId', (req, res) => {
    const otlp = requestedOtlp(req);
    const traceId = req.params.traceId.toLowerCase();
    const rows = traceRows(ctx, traceIdOf(traceId, 'traceId'));
    if (rows.length === 0) throw new NotFoundError(`no spans of trace ${traceId} are stored`);
    if (otlp !== null)
      sendTracesData(
        res,
        rows.map((r) => r.row),
        otlp,
      );
    else res.json({ traceId, spans: rows.map(({ index, row }) => spanJson(index, row)) });
  });
}

/** The kept spans of a trace with their indexes, ordered by start time (then index). */
export function traceRows(ctx: CollectorContext, traceId: Uint8Array): { index: number; row: Row }[] {
  const rows = ctx.store.findTrace(traceId).map((index) => ({ index, row: ctx.store.fetch(index) }));
  rows.sort((a, b) => {
    const d = a.row.startTimeUnixNano - b.row.startTimeUnixNano;
    return d < 0n ? -1 : d > 0n ? 1 : a.index - b.index;
  });
  return rows;
}
