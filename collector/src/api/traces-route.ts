/** GET /api/traces/:traceId: every kept span of one trace, ordered by start time. */
import { Router } from 'express';
import { NotFoundError } from '@laptime/store';
import type { CollectorContext } from '../context.js';
import { traceIdOf } from './query-params.js';
import { spanJson } from './span-json.js';

export function tracesApiRoute(ctx: CollectorContext): Router {
  return Router().get('/api/traces/:traceId', (req, res) => {
    const traceId = req.params.traceId.toLowerCase();
    const indexes = ctx.store.findTrace(traceIdOf(traceId, 'traceId'));
    if (indexes.length === 0) throw new NotFoundError(`no spans of trace ${traceId} are stored`);
    const rows = indexes.map((index) => ({ index, row: ctx.store.fetch(index) }));
    rows.sort((a, b) => {
      const d = a.row.startTimeUnixNano - b.row.startTimeUnixNano;
      return d < 0n ? -1 : d > 0n ? 1 : a.index - b.index;
    });
    res.json({ traceId, spans: rows.map(({ index, row }) => spanJson(index, row)) });
  });
}
