import { quantileRank } from '../sketch/rank.js';
import { selectRanks } from './select.js';
import { RunningStats } from './running-stats.js';
import { buildStatsResult, REPORTED_QUANTILES, type StatsResult } from './stats-result.js';

/** The spans of one series over a window, as an exact scan collects them. */
export interface ExactStatsInput {
  service: string;
  name: string;
  /** Durations in ns (not modified: a copy is sorted). */
  durationsNs: Float64Array;
  errors: number;
  /** Unix ms of the earliest / latest span start, null when there is none. */
  firstSeen: number | null;
  lastSeen: number | null;
  /** The window scanned, unix ms [from, to); null for an open end. */
  from: number | null;
  to: number | null;
}

/**
 * Builds a StatsResult from exact durations: selects the quantiles in a Float64Array copy (O(n) on
 * average, no full sort) with the same rank definition as the sketch ({@link quantileRank}), so
 * exact and sketched figures are comparable. Mean and variance by two passes (exact to rounding).
 */
export function exactStats(input: ExactStatsInput): StatsResult {
  const values = Float64Array.from(input.durationsNs);
  const n = values.length;
  const stats = new RunningStats();
  stats.count = n;
  stats.errors = input.errors;
  if (n > 0) {
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const mean = sum / n;
    let m2 = 0;
    for (let i = 0; i < n; i++) m2 += (values[i]! - mean) ** 2;
    stats.sum = sum;
    stats.mean = mean;
    stats.m2 = m2;
    stats.min = min;
    stats.max = max;
  }
  const quantilesNs =
    n === 0
      ? REPORTED_QUANTILES.map(() => 0)
      : selectRanks(
          values,
          REPORTED_QUANTILES.map((q) => quantileRank(q, n)),
        );
  return buildStatsResult({
    service: input.service,
    name: input.name,
    stats,
    quantilesNs,
    firstSeen: input.firstSeen,
    lastSeen: input.lastSeen,
    from: input.from,
    to: input.to,
    exact: true,
    relativeError: 0,
  });
}
