/**
 * Per-series figures computed from the spans that were sent, with the definitions the store
 * documents (StatsResult): sample standard deviation (n - 1), the q-quantile by nearest rank
 * (the value at index ceil(q * n) - 1 of the sorted durations), times as unix ms of span starts.
 */
import { SpanStatusCode } from '@opentelemetry/api';
import { quantileRank } from '@laptime/store';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { durationMs, serviceOf, startMs } from './expected-span.js';

/** The quantiles a Stats object reports, by field name. */
export const QUANTILES = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99, p999: 0.999 } as const;
export type QuantileField = keyof typeof QUANTILES;

export interface ExpectedSeries {
  service: string;
  name: string;
  count: number;
  errors: number;
  mean: number;
  min: number;
  max: number;
  stddev: number;
  stderr: number;
  quantiles: Record<QuantileField, number>;
  /** Unix ms of the earliest and latest span start (fractional). */
  firstStartMs: number;
  lastStartMs: number;
  /** Durations in ms, sorted ascending. */
  durations: number[];
}

export function seriesKey(service: string, name: string): string {
  return `${service}\u0000${name}`;
}

/** Figures of every series in `spans`, keyed by {@link seriesKey}. */
export function expectedSeries(spans: readonly ReadableSpan[]): Map<string, ExpectedSeries> {
  const groups = new Map<string, ReadableSpan[]>();
  for (const s of spans) {
    const key = seriesKey(serviceOf(s), s.name);
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return new Map([...groups].map(([key, group]) => [key, figures(group)]));
}

function figures(group: ReadableSpan[]): ExpectedSeries {
  const durations = group.map(durationMs).sort((a, b) => a - b);
  const n = durations.length;
  const mean = durations.reduce((a, b) => a + b, 0) / n;
  const stddev = n < 2 ? 0 : Math.sqrt(durations.reduce((a, d) => a + (d - mean) ** 2, 0) / (n - 1));
  const starts = group.map(startMs);
  const quantile = (q: number): number => durations[quantileRank(q, n)]!;
  return {
    service: serviceOf(group[0]!),
    name: group[0]!.name,
    count: n,
    errors: group.filter((s) => s.status.code === SpanStatusCode.ERROR).length,
    mean,
    min: durations[0]!,
    max: durations[n - 1]!,
    stddev,
    stderr: stddev / Math.sqrt(n),
    quantiles: {
      p50: quantile(QUANTILES.p50),
      p90: quantile(QUANTILES.p90),
      p95: quantile(QUANTILES.p95),
      p99: quantile(QUANTILES.p99),
      p999: quantile(QUANTILES.p999),
    },
    firstStartMs: Math.min(...starts),
    lastStartMs: Math.max(...starts),
    durations,
  };
}
