/**
 * GET /api/traces/:traceId: every kept span of one trace, ordered by start time; as OTLP
 * `TracesData` when asked (`?format=otlp`, `Accept: application/x-protobuf`).
 */
import { Router } from 'express';
import type { CollectorContext } from '../context.js';
import { requestedOtlp, sendTracesData } from '../otlp-out/otlp-format.js';
import { acceptParams } from './accepted-params.js';
import { spanJson } from './span-json.js';
import { traceRows } from './trace-json.js';

export function tracesApiRoute(ctx: CollectorContext): Router {
  return Router().get('/api/traces/:traceId', (req, res) => {
    acceptParams(req, ['format']);
    const otlp = requestedOtlp(req);
    const rows = traceRows(ctx.store, req.params.traceId);
    if (otlp !== null)
      sendTracesData(
        res,
        rows.map((r) => r.row),
        otlp,
      );
    else
      res.json({
        traceId: req.params.traceId.toLowerCase(),
        spans: rows.map(({ index, row }) => spanJson(index, row)),
      });
  });
}
