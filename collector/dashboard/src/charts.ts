/** The series detail's two charts, drawn with uPlot: latency percentiles over time, and a histogram. */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatMs } from './format.js';

/** Chart size; the width follows the container. */
const HEIGHT = 260;
/** Histogram bins, log-spaced between the fastest and the slowest span. */
export const HISTOGRAM_BINS = 30;

/** Horizontal padding of a chart's box (styles.css), so the plot and legend stay inside it. */
const BOX_PADDING = 16;

function widthOf(container: HTMLElement): number {
  return Math.max(320, container.clientWidth - BOX_PADDING);
}

/** Tick labels in ms; log scales hand over null for ticks they leave unlabelled. */
function msTicks(_u: uPlot, ticks: (number | null)[]): string[] {
  return ticks.map((t) => (t === null ? '' : formatMs(t)));
}

const msAxis: uPlot.Axis = { values: msTicks, size: 70 };

/** p50/p95/p99 lines; `times` in unix seconds, null where a bucket holds no span. */
export function latencyChart(
  container: HTMLElement,
  times: number[],
  p50: (number | null)[],
  p95: (number | null)[],
  p99: (number | null)[],
): uPlot {
  const line = (label: string, stroke: string): uPlot.Series => ({
    label,
    stroke,
    width: 2,
    spanGaps: true,
    value: (_u, v) => (v === null ? '–' : formatMs(v)),
  });
  return new uPlot(
    {
      width: widthOf(container),
      height: HEIGHT,
      series: [{}, line('p50', '#2a7ae2'), line('p95', '#e2a12a'), line('p99', '#d6452f')],
      axes: [{}, msAxis],
      scales: { y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
    },
    [times, p50, p95, p99],
    container,
  );
}

/** Counts of `durations` in log-spaced bins: bin lower bounds (ms) and counts. */
export function histogram(durations: readonly number[]): { bounds: number[]; counts: number[] } {
  if (durations.length === 0) return { bounds: [], counts: [] };
  const lo = Math.max(1e-3, Math.min(...durations));
  const hi = Math.max(lo * 1.0001, Math.max(...durations));
  const step = Math.log(hi / lo) / HISTOGRAM_BINS;
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  for (const d of durations) {
    const bin = Math.min(HISTOGRAM_BINS - 1, Math.max(0, Math.floor(Math.log(Math.max(d, lo) / lo) / step)));
    counts[bin]!++;
  }
  const bounds = counts.map((_c, i) => lo * Math.exp(i * step));
  return { bounds, counts };
}

/** Bars of a latency histogram (log-scaled duration axis). */
export function histogramChart(container: HTMLElement, durations: readonly number[]): uPlot {
  const { bounds, counts } = histogram(durations);
  return new uPlot(
    {
      width: widthOf(container),
      height: HEIGHT,
      scales: { x: { time: false, distr: 3 } },
      series: [
        { label: 'duration', value: (_u, v) => (v === null ? '–' : formatMs(v)) },
        {
          label: 'spans',
          fill: 'rgba(42,122,226,0.5)',
          stroke: '#2a7ae2',
          paths: uPlot.paths.bars!({ size: [0.9, 40], align: 1 }),
          points: { show: false },
        },
      ],
      axes: [{ values: msTicks }, {}],
    },
    [bounds, counts],
    container,
  );
}
