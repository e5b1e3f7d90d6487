/** GET /api/traces/:traceId: every kept span of one trace, ordered by start time. */
import { Router } from 'express';
import type { CollectorContext } from '../context.js';
import { traceJson } from './trace-json.js';

export function tracesApiRoute(ctx: CollectorContext): Router {
  return Router().get('/api/traces/:traceId', (req, res) => {
    res.json(traceJson(ctx.store, req.params.traceId));
  });
}
