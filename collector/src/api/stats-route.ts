/**
 * GET /api/stats (every series, sorted and cut) and GET /api/stats/:name (one series), lifetime
 * or over a window; `exact=true` computes percentiles from the spans themselves.
 */
import { Router } from 'express';
import type { Request } from 'express';
import { ErrorCode } from '@laptime/store';
import type { CollectorContext } from '../context.js';
import { CollectorError } from '../errors.js';
import { booleanParam, enumParam, integerParam, stringParam, windowParams } from './query-params.js';
import { STATS_SORT_KEYS, statsComparator } from './stats-order.js';

export { STATS_SORT_KEYS, statsComparator, type SortKey } from './stats-order.js';

export function statsRoute(ctx: CollectorContext): Router {
  const router = Router();
  router.get('/api/stats', (req, res) => {
    const service = stringParam(req, 'service');
    const sort = enumParam(req, 'sort', STATS_SORT_KEYS);
    const order = enumParam(req, 'order', ['asc', 'desc'] as const);
    const limit = integerParam(req, 'limit', 1, Number.MAX_SAFE_INTEGER);
    const exact = booleanParam(req, 'exact') ?? false;
    const stats = ctx.store
      .statsAll({ ...windowParams(req, Date.now()), ...(service === undefined ? {} : { service }), exact })
      .filter((s) => s.count > 0);
    stats.sort(statsComparator(sort, order));
    res.json({ stats: limit === undefined ? stats : stats.slice(0, limit) });
  });
  // `*name` so that names holding a slash ("GET /cart") need not escape it.
  router.get('/api/stats/*name', (req, res) => {
    res.json(ctx.store.stats(seriesName(req), statsOptions(req)));
  });
  return router;
}

function seriesName(req: Request): string {
  const parts = (req.params as { name?: string[] }).name ?? [];
  const name = parts.join('/');
  if (name === '') throw new CollectorError(ErrorCode.InvalidArgument, 'name: a series name is needed');
  return name;
}

function statsOptions(req: Request): { service?: string; from?: number; to?: number; exact?: boolean } {
  const service = stringParam(req, 'service');
  const exact = booleanParam(req, 'exact');
  return {
    ...windowParams(req, Date.now()),
    ...(service === undefined ? {} : { service }),
    ...(exact === undefined ? {} : { exact }),
  };
}
