/**
 * The series /metrics shows one by one: the busiest, up to a cap, so that a scrape stays small
 * whatever the cardinality (10,000 series made 6.6 MB). The rest are summed into one.
 */
import type { StatsResult } from '@laptime/store';

/** Labels (service and name) of the series that sums every series past the cap. */
export const OTHER_SERIES = '__other__';

/** What the series past the cap add up to. */
export interface OtherSeries {
  /** Series summed. */
  series: number;
  count: number;
  errors: number;
  /** Sum of their durations, ms. */
  sumMs: number;
}

/** The series shown one by one and the sum of the others (null when none is left out). */
export interface TopSeries {
  top: StatsResult[];
  other: OtherSeries | null;
}

/**
 * The `max` series of most spans (ties by service, then name, so scrapes agree) and the sum of
 * the rest.
 */
export function topSeries(stats: readonly StatsResult[], max: number): TopSeries {
  const ranked = [...stats].sort(
    (a, b) => b.count - a.count || compare(a.service, b.service) || compare(a.name, b.name),
  );
  const top = ranked.slice(0, max);
  if (ranked.length <= max) return { top, other: null };
  const other: OtherSeries = { series: 0, count: 0, errors: 0, sumMs: 0 };
  for (let k = max; k < ranked.length; k++) {
    const s = ranked[k]!;
    other.series++;
    other.count += s.count;
    other.errors += s.errors;
    other.sumMs += s.mean * s.count;
  }
  return { top, other };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
