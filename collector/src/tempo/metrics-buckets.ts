/**
 * TraceQL metrics straight from the store's aggregates: when the filter names at most a service
 * and a span name, every figure comes from `stats` over one step of one series (time buckets and
 * the series' DDSketch), without reading a span.
 */
import type { StatsResult } from '@laptime/store';
import type { CollectorContext } from '../context.js';
import { OVERFLOW_SERIES } from './candidate-spans.js';
import type { TimeAxis } from './metrics-step.js';
import { cellsOf, type Groups } from './metrics-cells.js';
import type { Expr, GroupBy, MetricsFunction } from './traceql-ast.js';

/** Most `stats` calls one answer makes (series x steps); beyond, a scan is cheaper. */
export const MAX_STATS_CELLS = 20_000;
/**
 * How far back the time buckets answer without a scan: their coarse ring holds about an hour
 * back from the newest span (store/src/aggregate/time-buckets.ts); older windows would make every
 * `stats` call an exact scan of its own, so they take the sliced scan path instead.
 */
export const BUCKET_HORIZON_MS = 55 * 60_000;

/** The quantiles the aggregates keep, by the Stats field that holds them. */
const FIXED_QUANTILES = new Map<number, keyof StatsResult>([
  [0.5, 'p50'],
  [0.9, 'p90'],
  [0.95, 'p95'],
  [0.99, 'p99'],
  [0.999, 'p999'],
]);

/**
 * Groups answered from the aggregates, or null when this query needs a scan (another filter, a
 * quantile the aggregates do not keep, a quantile over several series, series over the cap).
 */
export function seriesFastPath(
  ctx: CollectorContext,
  filter: Expr,
  by: GroupBy | null,
  fn: MetricsFunction,
  axis: TimeAxis,
): { groups: Groups; inspectedSpans: number } | null {
  const pins = pinsOf(filter);
  if (pins === null || axis.requestedFromMs < Date.now() - BUCKET_HORIZON_MS) return null;
  const all = ctx.store.series();
  if (all.some((s) => s.name === OVERFLOW_SERIES)) return null;
  const series = all.filter(
    (s) =>
      (pins.service === undefined || s.service === pins.service) &&
      (pins.name === undefined || s.name === pins.name),
  );
  if (series.length * axis.points > MAX_STATS_CELLS) return null;
  const keyOf = (s: { service: string; name: string }): string =>
    by === null ? '' : by === 'name' ? s.name : s.service;
  if (fn.fn === 'quantile_over_time') {
    if (!fn.quantiles.every((q) => FIXED_QUANTILES.has(q))) return null;
    // Quantiles of a group of several series would need their sketches merged.
    const perGroup = new Map<string, number>();
    for (const s of series) perGroup.set(keyOf(s), (perGroup.get(keyOf(s)) ?? 0) + 1);
    if ([...perGroup.values()].some((n) => n > 1)) return null;
  }
  const groups: Groups = new Map();
  for (const s of series) {
    const cells = cellsOf(groups, keyOf(s), axis.points);
    for (let i = 0; i < axis.points; i++) {
      const from = axis.fromMs + i * axis.stepMs;
      const stats = ctx.store.stats(s.name, { service: s.service, from, to: from + axis.stepMs });
      cells.counts[i]! += stats.count;
      if (fn.fn === 'quantile_over_time' && stats.count > 0) {
        const fixed = (cells.fixed ??= new Map<number, Float64Array>());
        for (const q of fn.quantiles) {
          let values = fixed.get(q);
          if (values === undefined) fixed.set(q, (values = new Float64Array(axis.points).fill(NaN)));
          values[i] = stats[FIXED_QUANTILES.get(q)!] as number;
        }
      }
    }
  }
  return { groups, inspectedSpans: 0 };
}

/** The service and name a filter pins with `=` and `&&` alone, or null for any other filter. */
function pinsOf(expr: Expr): { service?: string; name?: string } | null {
  if (expr.op === 'true') return {};
  if (expr.op === 'and') {
    const l = pinsOf(expr.left);
    const r = pinsOf(expr.right);
    if (l === null || r === null) return null;
    for (const k of ['service', 'name'] as const)
      if (l[k] !== undefined && r[k] !== undefined && l[k] !== r[k]) return null;
    return { ...l, ...r };
  }
  if (expr.op !== 'compare' || expr.operator !== '=' || expr.literal.type !== 'string') return null;
  if (expr.field.kind === 'service') return { service: expr.literal.value };
  if (expr.field.kind === 'name') return { name: expr.literal.value };
  return null;
}
