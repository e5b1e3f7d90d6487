/** GET /api/names: every series with its lifetime span count. */
import { Router } from 'express';
import type { CollectorContext } from '../context.js';

export function namesRoute(ctx: CollectorContext): Router {
  return Router().get('/api/names', (_req, res) => {
    res.json({ series: ctx.store.series() });
  });
}
