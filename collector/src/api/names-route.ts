/** GET /api/names: every series with its lifetime span count, by service then name. */
import { Router } from 'express';
import type { CollectorContext } from '../context.js';
import { acceptParams } from './accepted-params.js';
import { bySeries } from './series-order.js';

export function namesRoute(ctx: CollectorContext): Router {
  return Router().get('/api/names', (req, res) => {
    acceptParams(req, []);
    res.json({ series: ctx.store.series().sort(bySeries) });
  });
}
