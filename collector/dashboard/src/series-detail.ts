/**
 * One series: its statistics, p50/p95/p99 over time (the stats of successive windows), the latency
 * histogram and the slowest of its recent spans; clicking a span shows its trace as a waterfall.
 */
import type uPlot from 'uplot';
import { ApiError, getJson } from './api.js';
import type { Span, SpansResponse, Stats } from './api-types.js';
import { histogramChart, latencyChart } from './charts.js';
import { el, formatCount, formatMs, formatPercent, formatRate, startMs } from './format.js';
import { fromOf, windowMs, windowSelect, type TimeWindow } from './time-window.js';
import { showWaterfall } from './waterfall.js';

/** Points on the latency-over-time chart (one /api/stats request each, in parallel). */
export const TIME_BUCKETS = 24;
/** Recent spans fetched for the histogram and the slowest list (the API's maximum page). */
export const RECENT_SPANS = 1000;
/** Rows of the slowest-spans table. */
export const SLOWEST_ROWS = 20;

function statsPath(name: string): string {
  return `api/stats/${encodeURIComponent(name)}`;
}

/** Percentiles of TIME_BUCKETS successive windows over [from, to]; null where a window is empty. */
async function latencyOverTime(service: string, name: string, from: number, to: number) {
  const width = Math.max(1, (to - from) / TIME_BUCKETS);
  const buckets = Array.from({ length: TIME_BUCKETS }, (_v, i) => from + i * width);
  const answers = await Promise.all(
    buckets.map((start) =>
      getJson<Stats>(statsPath(name), {
        service,
        from: Math.floor(start),
        to: Math.ceil(start + width),
      }).catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }),
    ),
  );
  const value = (s: Stats | null, k: 'p50' | 'p95' | 'p99') => (s === null || s.count === 0 ? null : s[k]);
  return {
    times: buckets.map((t) => (t + width / 2) / 1000),
    p50: answers.map((s) => value(s, 'p50')),
    p95: answers.map((s) => value(s, 'p95')),
    p99: answers.map((s) => value(s, 'p99')),
  };
}

function summary(s: Stats): HTMLElement {
  const dl = el('dl', 'summary');
  const items: [string, string][] = [
    ['count', formatCount(s.count)],
    ['errors', formatPercent(s.errorRate)],
    ['mean', formatMs(s.mean)],
    ['p50', formatMs(s.p50)],
    ['p95', formatMs(s.p95)],
    ['p99', formatMs(s.p99)],
    ['max', formatMs(s.max)],
    ['rate', formatRate(s.rate)],
  ];
  for (const [k, v] of items) {
    const item = el('div');
    item.append(el('dt', '', k), el('dd', '', v));
    dl.append(item);
  }
  return dl;
}

function attributesText(attributes: Record<string, unknown>): string {
  return Object.entries(attributes)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('  ');
}

/** The slowest of `spans`; clicking a row marks it and hands its span to `onPick`. */
function slowestTable(spans: readonly Span[], onPick: (s: Span) => void): HTMLTableElement {
  const table = el('table', 'slowest');
  const head = table.createTHead().insertRow();
  for (const h of ['Duration', 'Start', 'Status', 'Attributes']) head.append(el('th', '', h));
  const body = table.createTBody();
  const slowest = [...spans].sort((a, b) => b.duration - a.duration).slice(0, SLOWEST_ROWS);
  for (const span of slowest) {
    const tr = body.insertRow();
    tr.className = 'span-row';
    tr.title = 'show the trace';
    tr.append(
      el('td', 'num', formatMs(span.duration)),
      el('td', '', new Date(startMs(span.startTimeUnixNano)).toISOString()),
      el('td', span.status.code === 'error' ? 'has-errors' : '', span.status.code),
      el('td', 'attrs', attributesText(span.attributes)),
    );
    tr.addEventListener('click', () => {
      for (const row of body.querySelectorAll('.selected')) row.classList.remove('selected');
      tr.classList.add('selected');
      onPick(span);
    });
  }
  return table;
}

/** Renders series (`service`, `name`) into `root`; returns a function that releases its charts. */
export function showSeriesDetail(root: HTMLElement, service: string, name: string): () => void {
  let timeWindow: TimeWindow = 'all';
  let charts: uPlot[] = [];
  const back = el('a', 'back', '← all series');
  back.href = '#/';
  const header = el('div', 'toolbar');
  const content = el('div', 'detail');
  const title = el('h1', 'series-title');
  title.append(el('span', 'service', service), ' · ', name);
  root.replaceChildren(back, title, header, content);

  const release = (): void => {
    for (const c of charts) c.destroy();
    charts = [];
  };

  async function load(): Promise<void> {
    release();
    const status = el('p', 'status', 'loading…');
    content.replaceChildren(status);
    try {
      const stats = await getJson<Stats>(statsPath(name), { service, from: fromOf(timeWindow) });
      const length = windowMs(timeWindow);
      const to = length === null ? stats.lastSeen + 1 : Date.now();
      const from = length === null ? stats.firstSeen : to - length;
      const [overTime, recent] = await Promise.all([
        latencyOverTime(service, name, from, to),
        getJson<SpansResponse>('api/spans', {
          name,
          service,
          from: fromOf(timeWindow),
          order: 'desc',
          limit: RECENT_SPANS,
        }),
      ]);
      const latency = el('section', 'chart latency-chart');
      const histo = el('section', 'chart histogram-chart');
      const trace = el('section', 'trace');
      const chartRow = el('div', 'charts');
      chartRow.append(latency, histo);
      const latencyTitle = el('h2', '', 'Latency over time');
      const histoTitle = el('h2', '', `Distribution of the last ${formatCount(recent.spans.length)} spans`);
      latency.append(latencyTitle);
      histo.append(histoTitle);
      const slowTitle = el('h2', '', 'Slowest recent spans');
      const table = slowestTable(recent.spans, (s) => {
        showWaterfall(trace, s.traceId, s.spanId).catch((err: unknown) => {
          trace.replaceChildren(el('p', 'status error', `trace failed: ${(err as Error).message}`));
        });
      });
      content.replaceChildren(summary(stats), chartRow, slowTitle, table, trace);
      charts = [
        latencyChart(latency, overTime.times, overTime.p50, overTime.p95, overTime.p99),
        histogramChart(
          histo,
          recent.spans.map((s) => s.duration),
        ),
      ];
    } catch (err) {
      status.textContent = `failed: ${(err as Error).message}`;
      status.classList.add('error');
    }
  }

  header.append(
    windowSelect(timeWindow, (w) => {
      timeWindow = w;
      void load();
    }),
  );
  void load();
  return release;
}
