/** Timing of repeated async operations: medians over as many runs as a time budget allows. */
import { performance } from 'node:perf_hooks';

export interface Timing {
  runs: number;
  medianMs: number;
  p99Ms: number;
}

/** How long to repeat an operation: at least `minRuns`, at most `maxRuns`, stopping once `budgetMs` is spent. */
export interface Repeat {
  minRuns: number;
  maxRuns: number;
  budgetMs: number;
}

/** Untimed warm-up (JIT, caches) before the timed runs, as a share of the runs and of the budget. */
const WARMUP_SHARE = 0.1;

/**
 * Times each call of `op(i)` on its own (so that the p99 shows pauses) until `repeat` says stop,
 * after a warm-up of at least one call; also returns the last call's value. `i` counts every
 * call, warm-up included. An operation whose first call alone exceeds the budget (a query over
 * millions of rows) is not run again: that call is the one sample.
 */
export async function timeRepeated<T>(
  op: (i: number) => Promise<T>,
  repeat: Repeat,
): Promise<{ timing: Timing; last: T }> {
  let i = 0;
  const warmStart = performance.now();
  let last = await op(i++);
  const firstMs = performance.now() - warmStart;
  if (firstMs >= repeat.budgetMs) return { timing: { runs: 1, medianMs: firstMs, p99Ms: firstMs }, last };
  while (i < repeat.maxRuns * WARMUP_SHARE && performance.now() - warmStart < repeat.budgetMs * WARMUP_SHARE)
    last = await op(i++);
  const samples: number[] = [];
  const start = performance.now();
  while (
    samples.length < repeat.maxRuns &&
    (samples.length < repeat.minRuns || performance.now() - start < repeat.budgetMs)
  ) {
    const t0 = performance.now();
    last = await op(i++);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return {
    timing: { runs: samples.length, medianMs: nearestRank(samples, 0.5), p99Ms: nearestRank(samples, 0.99) },
    last,
  };
}

/** The q-quantile of ascending `sorted` by nearest rank (NaN when empty). */
export function nearestRank(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
