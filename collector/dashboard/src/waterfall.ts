/** A trace as a waterfall: one row per span, indented by depth, its bar placed on the trace's time line. */
import { getJson } from './api.js';
import type { Span, TraceResponse } from './api-types.js';
import { el, formatMs, startMs } from './format.js';

/** Spans in tree order (parents before children, siblings by start) with their depth. */
export function treeOrder(spans: readonly Span[]): { span: Span; depth: number }[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string | null, Span[]>();
  for (const s of spans) {
    // A parent outside this trace's stored spans makes the span a root here.
    const parent = s.parentSpanId !== null && ids.has(s.parentSpanId) ? s.parentSpanId : null;
    const list = children.get(parent) ?? [];
    list.push(s);
    children.set(parent, list);
  }
  const out: { span: Span; depth: number }[] = [];
  const visit = (parent: string | null, depth: number): void => {
    const list = (children.get(parent) ?? []).sort(
      (a, b) => startMs(a.startTimeUnixNano) - startMs(b.startTimeUnixNano),
    );
    for (const span of list) {
      out.push({ span, depth });
      visit(span.spanId, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

/** Fetches trace `traceId` and renders it into `container`, highlighting `selected`. */
export async function showWaterfall(
  container: HTMLElement,
  traceId: string,
  selected: string,
): Promise<void> {
  container.replaceChildren(el('h2', '', `Trace ${traceId}`), el('p', 'loading', 'loading…'));
  const { spans } = await getJson<TraceResponse>(`api/traces/${encodeURIComponent(traceId)}`);
  const t0 = Math.min(...spans.map((s) => startMs(s.startTimeUnixNano)));
  const total = Math.max(1e-6, ...spans.map((s) => startMs(s.startTimeUnixNano) + s.duration - t0));
  const list = el('div', 'waterfall');
  for (const { span, depth } of treeOrder(spans)) {
    const row = el('div', 'wf-row');
    if (span.spanId === selected) row.classList.add('selected');
    const label = el('div', 'wf-label', `${span.service} · ${span.name}`);
    label.style.paddingLeft = `${depth * 14 + 4}px`;
    label.title = label.textContent;
    const track = el('div', 'wf-track');
    const bar = el('div', span.status.code === 'error' ? 'wf-bar error' : 'wf-bar');
    bar.style.left = `${((startMs(span.startTimeUnixNano) - t0) / total) * 100}%`;
    bar.style.width = `max(2px, ${(span.duration / total) * 100}%)`;
    const time = el('span', 'wf-time', formatMs(span.duration));
    track.append(bar);
    row.append(label, track, time);
    list.append(row);
  }
  container.replaceChildren(
    el('h2', '', `Trace ${traceId} · ${spans.length} spans · ${formatMs(total)}`),
    list,
  );
}
