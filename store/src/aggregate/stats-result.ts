import type { RunningStats } from './running-stats.js';

/** Nanoseconds per millisecond: stats are kept in ns and reported in ms. */
export const NS_PER_MS = 1e6;
/** The quantiles a {@link StatsResult} reports, ascending: p50, p90, p95, p99, p99.9. */
export const REPORTED_QUANTILES: readonly number[] = [0.5, 0.9, 0.95, 0.99, 0.999];
/** A rate is never taken over less than this, so a burst of spans in one instant does not read as infinite. */
export const MIN_RATE_WINDOW_MS = 1000;

/** Statistics of one series, lifetime or over a window. Durations in milliseconds (float). */
export interface StatsResult {
  service: string;
  name: string;
  count: number;
  errors: number;
  /** errors / count; 0 when empty. */
  errorRate: number;
  mean: number;
  min: number;
  max: number;
  /** Sample standard deviation (n - 1); 0 for fewer than two spans. */
  stddev: number;
  /** Standard error of the mean, stddev / sqrt(n). */
  stderr: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  /** Spans per second over the window (lifetime: over firstSeen..lastSeen), at least 1 s. */
  rate: number;
  /** Unix ms of the earliest / latest span start; null when empty. */
  firstSeen: number | null;
  lastSeen: number | null;
  /** The window the figures are for, unix ms [from, to); null for an open end or lifetime. */
  from: number | null;
  to: number | null;
  /** True when every figure comes from the spans themselves (an exact scan). */
  exact: boolean;
  /** Bound on the relative error of the percentiles (0 when exact). */
  relativeError: number;
  /**
   * Present when an exact scan had to leave out damaged data: at most `rows` rows of the window
   * are not counted, for the reasons given (one per damaged segment). The figures cover the rest.
   */
  skipped?: SkippedData;
}

/** What an exact scan could not read (see {@link StatsResult.skipped}). */
export interface SkippedData {
  rows: number;
  reasons: string[];
}

/** What {@link buildStatsResult} needs. */
export interface StatsParts {
  service: string;
  name: string;
  /** Durations in ns. */
  stats: RunningStats;
  /** The {@link REPORTED_QUANTILES} of the durations, in ns. */
  quantilesNs: ArrayLike<number>;
  firstSeen: number | null;
  lastSeen: number | null;
  from: number | null;
  to: number | null;
  exact: boolean;
  relativeError: number;
}

/** Assembles a StatsResult in ms; an empty series reports zeros and null times. */
export function buildStatsResult(p: StatsParts): StatsResult {
  const s = p.stats;
  const empty = s.count === 0;
  const ms = (ns: number): number => (empty ? 0 : ns / NS_PER_MS);
  const q = (i: number): number => ms(p.quantilesNs[i]!);
  return {
    service: p.service,
    name: p.name,
    count: s.count,
    errors: s.errors,
    errorRate: empty ? 0 : s.errors / s.count,
    mean: ms(s.mean),
    min: ms(s.min),
    max: ms(s.max),
    stddev: ms(s.stddev),
    stderr: ms(s.stderr),
    p50: q(0),
    p90: q(1),
    p95: q(2),
    p99: q(3),
    p999: q(4),
    rate: ratePerSecond(s.count, p.from ?? p.firstSeen, p.to ?? p.lastSeen),
    firstSeen: empty ? null : p.firstSeen,
    lastSeen: empty ? null : p.lastSeen,
    from: p.from,
    to: p.to,
    exact: p.exact,
    relativeError: p.relativeError,
  };
}

/** count per second over [from, to] (unix ms), taken as at least {@link MIN_RATE_WINDOW_MS}; 0 when empty. */
export function ratePerSecond(count: number, from: number | null, to: number | null): number {
  if (count === 0 || from === null || to === null) return 0;
  return count / (Math.max(MIN_RATE_WINDOW_MS, to - from) / 1000);
}
