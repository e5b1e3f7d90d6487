/** A trace as text: one line per span in tree order, its offset, duration and a bar on the trace's time line. */
import type { SpanJson } from '../../api/span-json.js';
import type { Paint } from './colour.js';
import { treeOrder } from './span-tree.js';
import { formatDuration } from './units.js';

/** Width of the bar column when the terminal's width is unknown (a pipe). */
export const DEFAULT_BAR_WIDTH = 40;
/** Label column: long names are cut to this many characters. */
const LABEL_WIDTH = 48;
const NUMBER_WIDTH = 9;

/** The waterfall's lines (without newlines), a header first. */
export function waterfallLines(spans: readonly SpanJson[], barWidth: number, paint: Paint): string[] {
  const starts = spans.map((s) => BigInt(s.startTimeUnixNano));
  const t0 = starts.reduce((a, b) => (b < a ? b : a));
  const offsetMs = (s: SpanJson): number => Number(BigInt(s.startTimeUnixNano) - t0) / 1e6;
  const total = Math.max(1e-6, ...spans.map((s) => offsetMs(s) + s.duration));
  const header = `${'offset'.padStart(NUMBER_WIDTH)}  ${'duration'.padStart(NUMBER_WIDTH)}  ${'span'.padEnd(LABEL_WIDTH)}  timeline`;
  const lines = [paint.bold(header.trimEnd())];
  for (const { span, depth } of treeOrder(spans)) {
    const label = cut(`${'  '.repeat(Math.min(depth, 12))}${span.service} ${span.name}`, LABEL_WIDTH);
    const from = Math.min(barWidth - 1, Math.floor((offsetMs(span) / total) * barWidth));
    const length = Math.max(1, Math.round((span.duration / total) * barWidth));
    const bar = ' '.repeat(from) + '█'.repeat(Math.min(length, barWidth - from));
    const line =
      `${formatDuration(offsetMs(span)).padStart(NUMBER_WIDTH)}  ${formatDuration(span.duration).padStart(NUMBER_WIDTH)}  ` +
      `${label.padEnd(LABEL_WIDTH)}  ${bar}`;
    lines.push(span.status.code === 'error' ? paint.red(line) : line);
  }
  return lines;
}

function cut(s: string, width: number): string {
  const chars = [...s];
  return chars.length <= width ? s : `${chars.slice(0, width - 1).join('')}…`;
}
