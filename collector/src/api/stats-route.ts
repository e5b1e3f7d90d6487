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
import { acceptParams } from './accepted-params.js';
import { STATS_SORT_KEYS, statsComparator } from './stats-order.js';
import { rateWindow, withWindowRate } from './window-rate.js';

export { STATS_SORT_KEYS, statsComparator, type SortKey } from './stats-order.js';

/** Query parameters of GET /api/stats/:name. */
export const SERIES_STATS_PARAMS = ['service', 'from', 'to', 'window', 'exact'] as const;
/** Query parameters of GET /api/stats. */
export const STATS_LIST_PARAMS = [...SERIES_STATS_PARAMS, 'sort', 'order', 'limit'] as const;

export function statsRoute(ctx: CollectorContext): Router {
  const router = Router();
  router.get('/api/stats', (req, res) => {
    acceptParams(req, STATS_LIST_PARAMS);
    const now = Date.now();
    const service = stringParam(req, 'service');
    const sort = enumParam(req, 'sort', STATS_SORT_KEYS);
    const order = enumParam(req, 'order', ['asc', 'desc'] as const);
    const limit = integerParam(req, 'limit', 1, Number.MAX_SAFE_INTEGER);
    const exact = booleanParam(req, 'exact') ?? false;
    const window = windowParams(req, now);
    const over = rateWindow(ctx.store, window, now);
    const stats = ctx.store
      .statsAll({ ...window, ...(service === undefined ? {} : { service }), exact })
      .filter((s) => s.count > 0)
      .map((s) => withWindowRate(s, over));
    stats.sort(statsComparator(sort, order));
    res.json({ stats: limit === undefined ? stats : stats.slice(0, limit) });
  });
  // `*name` so that names holding a slash ("GET /cart") need not escape it.
  router.get('/api/stats/*name', (req, res) => {
    acceptParams(req, SERIES_STATS_PARAMS);
    const now = Date.now();
    const options = statsOptions(req, now);
    res.json(withWindowRate(ctx.store.stats(seriesName(req), options), rateWindow(ctx.store, options, now)));
  });
  return router;
}

function seriesName(req: Request): string {
  const parts = (req.params as { name?: string[] }).name ?? [];
  const name = parts.join('/');
  if (name === '') throw new CollectorError(ErrorCode.InvalidArgument, 'name: a series name is needed');
  return name;
}

function statsOptions(
  req: Request,
  now: number,
): { service?: string; from?: number; to?: number; exact?: boolean } {
  const service = stringParam(req, 'service');
  const exact = booleanParam(req, 'exact');
  return {
    ...windowParams(req, now),
    ...(service === undefined ? {} : { service }),
    ...(exact === undefined ? {} : { exact }),
  };
}
