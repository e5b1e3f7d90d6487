/**
 * What every system is measured on: how many spans, generated from which seed, and the query
 * targets (the busiest series, a time window). The parent computes it once and hands it to each
 * system's child process, so every system sees the same spans and answers the same questions.
 */
import { realisticBatch } from '@laptime/store/testing';

/** Spans generated once and reused pass after pass (see span-pool.ts): 64 batches of 512. */
export const POOL_SPANS = 32_768;
/** Spans per committed batch: the BatchSpanProcessor's default export size. */
export const BATCH_SPANS = 512;
/** Gap between two passes over the pool, so that passes never overlap in time. */
const PASS_GAP_NS = 1_000_000;

export interface SeriesKey {
  service: string;
  name: string;
}

/** A time window on span start, unix ms, [fromMs, toMs). */
export interface TimeWindow {
  fromMs: number;
  toMs: number;
}

/** The spans and questions of a run; plain JSON, so that it crosses to child processes. */
export interface Workload {
  seed: number;
  spans: number;
  poolSpans: number;
  /** Start of the pool's first span, unix ns (decimal string: exact). */
  poolStartNs: string;
  /** How far each pass moves the pool in time, ns. */
  passShiftNs: number;
  /** The series with the most spans. */
  series: SeriesKey;
  /** The middle half of the whole run's time range. */
  window: TimeWindow;
}

const TWO_32 = 4294967296;

/** The workload of `spans` spans from `seed`; `poolSpans` is a multiple of {@link BATCH_SPANS}. */
export function planWorkload(spans: number, seed: number, poolSpans = POOL_SPANS): Workload {
  if (poolSpans % BATCH_SPANS !== 0) throw new RangeError(`poolSpans must be a multiple of ${BATCH_SPANS}`);
  const pool = realisticBatch(poolSpans, { seed });
  let minStart = Infinity;
  let maxEnd = -Infinity;
  const counts = new Map<string, { key: SeriesKey; count: number }>();
  for (let i = 0; i < pool.length; i++) {
    minStart = Math.min(minStart, pool.starts[2 * i + 1]! * TWO_32 + pool.starts[2 * i]!);
    maxEnd = Math.max(maxEnd, pool.ends[2 * i + 1]! * TWO_32 + pool.ends[2 * i]!);
    const service = pool.strings[pool.services[i]!]!;
    const name = pool.strings[pool.names[i]!]!;
    const id = `${service}\u0000${name}`;
    const entry = counts.get(id) ?? { key: { service, name }, count: 0 };
    entry.count++;
    counts.set(id, entry);
  }
  const busiest = [...counts.values()].reduce((a, b) => (b.count > a.count ? b : a));
  // Exact start of the first span (the float above is only within a microsecond).
  let first = 0;
  for (let i = 1; i < pool.length; i++) {
    if (startNs(pool.starts, i) < startNs(pool.starts, first)) first = i;
  }
  const poolStart = startNs(pool.starts, first);
  const passShiftNs = Math.ceil(maxEnd - minStart) + PASS_GAP_NS;
  const passes = Math.ceil(spans / poolSpans);
  const startMs = Number(poolStart / 1_000_000n);
  const rangeMs = (passes * passShiftNs) / 1e6;
  return {
    seed,
    spans,
    poolSpans,
    poolStartNs: poolStart.toString(),
    passShiftNs,
    series: busiest.key,
    window: { fromMs: Math.round(startMs + rangeMs / 4), toMs: Math.round(startMs + (3 * rangeMs) / 4) },
  };
}

function startNs(starts: Uint32Array, i: number): bigint {
  return (BigInt(starts[2 * i + 1]!) << 32n) | BigInt(starts[2 * i]!);
}
