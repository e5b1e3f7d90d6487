/**
 * How lists of Stats are sorted, shared by the HTTP API and the CLI. Kept free of express so the
 * CLI's read verbs start without loading the server.
 */
import type { StatsResult } from '@laptime/store';

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
