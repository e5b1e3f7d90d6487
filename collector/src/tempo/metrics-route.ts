/**
 * GET /api/metrics/query_range and /api/metrics/query (Tempo's TraceQL metrics, range and
 * instant): `{filter} | rate()`, `| count_over_time()` and `| quantile_over_time(duration, q...)`,
 * optionally `by(...)`, as Tempo's `QueryRangeResponse` / `QueryInstantResponse` JSON. Filters on service and name alone are answered from the
 * store's per-series time buckets and sketches; any other filter from a scan into DDSketches of
 * the same 1% relative accuracy.
 */
import { Router, type Request } from 'express';
import { acceptParams } from '../api/accepted-params.js';
import { DDSketch } from '@laptime/store';
import { stringParam } from '../api/query-params.js';
import type { CollectorContext } from '../context.js';
import { keyValuesJson } from '../otlp-out/traces-data-json.js';
import { MAX_INSPECTED_SPANS, visitMatching } from './candidate-spans.js';
import { seriesFastPath } from './metrics-buckets.js';
import { cellsOf, type Groups } from './metrics-cells.js';
import { instantAxis, timeAxis, type TimeAxis } from './metrics-step.js';
import type { GroupBy, MetricsFunction, Query } from './traceql-ast.js';
import { parseTraceQl } from './traceql-parser.js';
import { unsupported } from './unsupported-query.js';

export function metricsRoute(ctx: CollectorContext): Router {
  const router = Router();
  router.get('/api/metrics/query_range', async (req, res) => {
    // `exemplars` asks for sample spans with the series; Laptime answers without (none is a valid count).
    acceptParams(req, ['q', 'start', 'end', 'since', 'step', 'exemplars']);
    const answer = await metricsAnswer(ctx, req, timeAxis(req, Date.now()));
    res.json(answer);
  });
  router.get('/api/metrics/query', async (req, res) => {
    acceptParams(req, ['q', 'start', 'end', 'since', 'exemplars']);
    const { series, ...rest } = await metricsAnswer(ctx, req, instantAxis(req, Date.now()));
    // QueryInstantResponse: one value per series instead of samples; a quantile of no span has none.
    const instant = series
      .filter((s) => s.samples.length > 0)
      .map(({ samples, ...labels }) => ({ ...labels, value: samples[0]!.value }));
    res.json({ series: instant, ...rest });
  });
  return router;
}

interface SeriesJson {
  labels: object[];
  samples: { timestampMs: string; value: number }[];
  promLabels: string;
}

async function metricsAnswer(
  ctx: CollectorContext,
  req: Request,
  axis: TimeAxis,
): Promise<{ series: SeriesJson[]; metrics: object; message?: string }> {
  const query = parseTraceQl(stringParam(req, 'q') ?? '');
  if (query.metrics === null) throw unsupported(`a query without a metrics function on ${req.path}`);
  const { fn, by } = query.metrics;
  const fast = seriesFastPath(ctx, query.filter, by, fn, axis);
  const { groups, inspectedSpans } = fast ?? (await scanGroups(ctx, query, axis));
  return {
    series: seriesJson(groups, fn, by, axis),
    metrics: { inspectedSpans, completedJobs: 1, totalJobs: 1 },
    ...(inspectedSpans >= MAX_INSPECTED_SPANS
      ? { message: `only the newest ${MAX_INSPECTED_SPANS} spans of the window were read` }
      : {}),
  };
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

function seriesJson(groups: Groups, fn: MetricsFunction, by: GroupBy | null, axis: TimeAxis): SeriesJson[] {
  const out: SeriesJson[] = [];
  for (const [key, cells] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const labels: Record<string, string | number> = by === null ? {} : { [by]: key };
    if (fn.fn !== 'quantile_over_time') {
      const perSecond = fn.fn === 'rate' ? 1000 / axis.stepMs : 1;
      const samples = Array.from(cells.counts, (count, i) => sample(axis, i, count * perSecond));
      out.push(series(labels, samples));
      continue;
    }
    for (const q of fn.quantiles) {
      const samples: SeriesJson['samples'] = [];
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

function sample(axis: TimeAxis, i: number, value: number): SeriesJson['samples'][number] {
  return { timestampMs: String(axis.fromMs + i * axis.stepMs), value };
}

function series(labels: Record<string, string | number>, samples: SeriesJson['samples']): SeriesJson {
  const promLabels = Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(String(v))}`)
    .join(', ');
  return {
    labels: keyValuesJson(Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, v]))),
    samples,
    promLabels: `{${promLabels}}`,
  };
}
