import { quantileRank } from '../sketch/rank.js';
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
 * Builds a StatsResult from exact durations: sorts a Float64Array copy (O(n log n)) and takes
 * quantiles with the same rank definition as the sketch ({@link quantileRank}), so exact and
 * sketched figures are comparable. Mean and variance by two passes (exact to rounding).
 */
export function exactStats(input: ExactStatsInput): StatsResult {
  const sorted = Float64Array.from(input.durationsNs).sort();
  const n = sorted.length;
  const stats = new RunningStats();
  stats.count = n;
  stats.errors = input.errors;
  if (n > 0) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += sorted[i]!;
    const mean = sum / n;
    let m2 = 0;
    for (let i = 0; i < n; i++) m2 += (sorted[i]! - mean) ** 2;
    stats.sum = sum;
    stats.mean = mean;
    stats.m2 = m2;
    stats.min = sorted[0]!;
    stats.max = sorted[n - 1]!;
  }
  const quantilesNs = REPORTED_QUANTILES.map((q) => (n === 0 ? 0 : sorted[quantileRank(q, n)]!));
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
