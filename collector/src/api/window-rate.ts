/**
 * The one meaning of `rate` in the API, the CLI and the dashboard: spans per second over the
 * selected window. An open start is the first span stored; an open end is now when a start was
 * given (the last 5 minutes end now), else the last span stored (all time is the store's life).
 */
import type { StatsResult } from '@laptime/store';

/** A rate is never taken over less than this: a burst in one instant does not read as infinite. */
export const MIN_RATE_WINDOW_MS = 1000;

/** What the store's lifetime bounds are read from. */
export interface LifetimeStats {
  statsAll(opts: { exact?: boolean }): StatsResult[];
}

/** The window, in unix ms, that `rate` is taken over; null when nothing is stored. */
export function rateWindow(
  view: LifetimeStats,
  window: { from?: number; to?: number },
  now: number,
): { from: number; to: number } | null {
  const openStart = window.from === undefined;
  const openEnd = window.to === undefined && openStart;
  let first = window.from ?? Infinity;
  let last = window.to ?? (openStart ? -Infinity : now);
  if (openStart || openEnd)
    for (const s of view.statsAll({})) {
      if (s.firstSeen === null || s.lastSeen === null) continue;
      if (openStart) first = Math.min(first, s.firstSeen);
      if (openEnd) last = Math.max(last, s.lastSeen);
    }
  return Number.isFinite(first) && Number.isFinite(last) ? { from: first, to: last } : null;
}

/** `stats` with `rate` set to count per second over `over` (0 when nothing is stored). */
export function withWindowRate<T extends StatsResult>(
  stats: T,
  over: { from: number; to: number } | null,
): T {
  const seconds = over === null ? 0 : Math.max(MIN_RATE_WINDOW_MS, over.to - over.from) / 1000;
  return { ...stats, rate: seconds === 0 ? 0 : stats.count / seconds };
}
