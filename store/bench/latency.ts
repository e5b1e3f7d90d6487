/** Per-call latency of a synchronous operation. */
import { performance } from 'node:perf_hooks';
import { quantile } from './quantiles.js';

/** Latency of one call, in microseconds. */
export interface Latency {
  calls: number;
  medianUs: number;
  p99Us: number;
}

/** Untimed calls before the timed ones, as a share of them: lets V8 optimise the path first. */
const WARMUP_SHARE = 0.1;

/** How many untimed calls {@link measureLatency} makes before `calls` timed ones. */
export function warmupCalls(calls: number): number {
  return Math.ceil(calls * WARMUP_SHARE);
}

/**
 * Times `calls` calls of `op(i)` one by one, after {@link warmupCalls} untimed ones. `i` counts
 * all calls (warm-up first), so an `op` that indexes distinct inputs sees each one once. Each call
 * is timed on its own rather than averaged, so that p99 shows pauses (GC, page misses).
 */
export function measureLatency(op: (i: number) => unknown, calls: number): Latency {
  const warmup = warmupCalls(calls);
  for (let i = 0; i < warmup; i++) op(i);
  const samples = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    op(warmup + i);
    samples[i] = performance.now() - t0;
  }
  samples.sort();
  return { calls, medianUs: quantile(samples, 0.5) * 1000, p99Us: quantile(samples, 0.99) * 1000 };
}
