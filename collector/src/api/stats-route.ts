/**
 * GET /api/stats (every series, sorted and cut) and GET /api/stats/:name (one series), lifetime
 * or over a window; `exact=true` computes percentiles from the spans themselves.
 */
import { Router } from 'express';
import type { Request } from 'express';
import { ErrorCode, type StatsResult } from '@laptime/store';
import type { CollectorContext } from '../context.js';
import { CollectorError } from '../errors.js';
import { booleanParam, enumParam, integerParam, stringParam, windowParams } from './query-params.js';

/** The Stats fields a list can be sorted by. */
export const STATS_SORT_KEYS = [
  'name',
  'service',
  'count',
  'errors',
  'errorRate',
  'mean',
  'min',
  'max',
  'stddev',
  'stderr',
  'p50',
  'p90',
  'p95',
  'p99',
  'p999',
  'rate',
  'firstSeen',
  'lastSeen',
] as const satisfies readonly (keyof StatsResult)[];

export type SortKey = (typeof STATS_SORT_KEYS)[number];

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

/**
 * Orders by `sort` (default: service, then name). Numbers default to descending, names to
 * ascending; ties and missing times (null) go last, then by service and name.
 */
export function statsComparator(
  sort: SortKey | undefined,
  order: 'asc' | 'desc' | undefined,
): (a: StatsResult, b: StatsResult) => number {
  const byIdentity = (a: StatsResult, b: StatsResult): number =>
    compareText(a.service, b.service) || compareText(a.name, b.name);
  if (sort === undefined) return order === 'desc' ? (a, b) => byIdentity(b, a) : byIdentity;
  const sign = (order ?? (sort === 'name' || sort === 'service' ? 'asc' : 'desc')) === 'asc' ? 1 : -1;
  return (a, b) => {
    const x = a[sort];
    const y = b[sort];
    if (x === y) return byIdentity(a, b);
    if (x === null) return 1;
    if (y === null) return -1;
    return (
      sign * (typeof x === 'string' ? compareText(x, y as string) : x - (y as number)) || byIdentity(a, b)
    );
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
