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

/**
 * Times `calls` calls of `op(i)` one by one (i = 0, 1, ...), after untimed warm-up calls. Each
 * call is timed on its own rather than averaged, so that p99 shows pauses (GC, page misses).
 */
export function measureLatency(op: (i: number) => unknown, calls: number): Latency {
  const warmup = Math.ceil(calls * WARMUP_SHARE);
  for (let i = 0; i < warmup; i++) op(i);
  const samples = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    op(i);
    samples[i] = performance.now() - t0;
  }
  samples.sort();
  return { calls, medianUs: quantile(samples, 0.5) * 1000, p99Us: quantile(samples, 0.99) * 1000 };
}
