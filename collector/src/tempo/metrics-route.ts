/**
 * GET /api/metrics/query_range (Tempo's TraceQL metrics): `{filter} | rate()`,
 * `| count_over_time()` and `| quantile_over_time(duration, q...)`, optionally `by(...)`, as
 * Tempo's `QueryRangeResponse` JSON. Filters on service and name alone are answered from the
 * store's per-series time buckets and sketches; any other filter from a scan into DDSketches of
 * the same 1% relative accuracy.
 */
import { Router } from 'express';
import { acceptParams } from '../api/accepted-params.js';
import { DDSketch } from '@laptime/store';
import { stringParam } from '../api/query-params.js';
import type { CollectorContext } from '../context.js';
import { keyValuesJson } from '../otlp-out/traces-data-json.js';
import { MAX_INSPECTED_SPANS, visitMatching } from './candidate-spans.js';
import { seriesFastPath } from './metrics-buckets.js';
import { cellsOf, type Groups } from './metrics-cells.js';
import { timeAxis, type TimeAxis } from './metrics-step.js';
import type { GroupBy, MetricsFunction, Query } from './traceql-ast.js';
import { parseTraceQl } from './traceql-parser.js';
import { unsupported } from './unsupported-query.js';

export function metricsRoute(ctx: CollectorContext): Router {
  return Router().get('/api/metrics/query_range', async (req, res) => {
    // `exemplars` asks for sample spans with the series; Laptime answers without (none is a valid count).
    acceptParams(req, ['q', 'start', 'end', 'since', 'step', 'exemplars']);
    const query = parseTraceQl(stringParam(req, 'q') ?? '');
    if (query.metrics === null)
      throw unsupported('a query without a metrics function on /api/metrics/query_range');
    const axis = timeAxis(req, Date.now());
    const { fn, by } = query.metrics;
    const fast = seriesFastPath(ctx, query.filter, by, fn, axis);
    const { groups, inspectedSpans } = fast ?? (await scanGroups(ctx, query, axis));
    res.json({
      series: seriesJson(groups, fn, by, axis),
      metrics: { inspectedSpans, completedJobs: 1, totalJobs: 1 },
      ...(inspectedSpans >= MAX_INSPECTED_SPANS
        ? { message: `only the newest ${MAX_INSPECTED_SPANS} spans of the window were read` }
        : {}),
    });
  });
}

/** Counts and sketches from the spans themselves. */
async function scanGroups(
  ctx: CollectorContext,
  query: Query,
  axis: TimeAxis,
): Promise<{ groups: Groups; inspectedSpans: number }> {
  const groups: Groups = new Map();
  const { by, fn } = query.metrics!;
  const toMs = axis.fromMs + axis.points * axis.stepMs;
  const inspectedSpans = await visitMatching(
    ctx,
    query.filter,
    { from: axis.fromMs, to: toMs },
    (_index, row) => {
      const startMs = Number(row.startTimeUnixNano / 1_000_000n);
      const step = Math.floor((startMs - axis.fromMs) / axis.stepMs);
      if (step < 0 || step >= axis.points) return true;
      const key = by === null ? '' : by === 'name' ? row.name : row.service;
      const cells = cellsOf(groups, key, axis.points);
      cells.counts[step]!++;
      if (fn.fn === 'quantile_over_time') {
        const sketch = (cells.sketches[step] ??= new DDSketch());
        sketch.add(Number(row.endTimeUnixNano - row.startTimeUnixNano));
      }
      return true;
    },
  );
  return { groups, inspectedSpans };
}

function seriesJson(groups: Groups, fn: MetricsFunction, by: GroupBy | null, axis: TimeAxis): object[] {
  const out: object[] = [];
  for (const [key, cells] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const labels: Record<string, string | number> = by === null ? {} : { [by]: key };
    if (fn.fn !== 'quantile_over_time') {
      const perSecond = fn.fn === 'rate' ? 1000 / axis.stepMs : 1;
      const samples = Array.from(cells.counts, (count, i) => sample(axis, i, count * perSecond));
      out.push(series(labels, samples));
      continue;
    }
    for (const q of fn.quantiles) {
      const samples: object[] = [];
      // Tempo reports durations in seconds.
      const fixed = cells.fixed?.get(q);
      if (fixed !== undefined) {
        fixed.forEach((ms, i) => {
          if (!Number.isNaN(ms)) samples.push(sample(axis, i, ms / 1e3));
        });
      } else {
        cells.sketches.forEach((sketch, i) => {
          if (sketch !== null && sketch.count > 0) samples.push(sample(axis, i, sketch.quantile(q) / 1e9));
        });
      }
      out.push(series({ ...labels, p: q }, samples));
    }
  }
  return out;
}

function sample(axis: TimeAxis, i: number, value: number): object {
  return { timestampMs: String(axis.fromMs + i * axis.stepMs), value };
}

function series(labels: Record<string, string | number>, samples: object[]): object {
  const promLabels = Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(String(v))}`)
    .join(', ');
  return {
    labels: keyValuesJson(Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, v]))),
    samples,
    promLabels: `{${promLabels}}`,
  };
}
