/** A trace's spans in tree order: parents before children, siblings by start, each with its depth. */
import type { SpanJson } from '../../api/span-json.js';

export interface TreeSpan {
  span: SpanJson;
  depth: number;
}

/** Spans whose parent is not among `spans` are roots here. A cycle of parents cannot loop: each span is placed once. */
export function treeOrder(spans: readonly SpanJson[]): TreeSpan[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string | null, SpanJson[]>();
  for (const s of spans) {
    const parent = s.parentSpanId !== null && ids.has(s.parentSpanId) ? s.parentSpanId : null;
    const list = children.get(parent) ?? [];
    list.push(s);
    children.set(parent, list);
  }
  const out: TreeSpan[] = [];
  const placed = new Set<SpanJson>();
  // An explicit stack: a trace thousands of spans deep must not overflow the call stack.
  const stack: TreeSpan[] = sorted(children.get(null) ?? [])
    .reverse()
    .map((span) => ({ span, depth: 0 }));
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (placed.has(item.span)) continue;
    placed.add(item.span);
    out.push(item);
    const kids = sorted(children.get(item.span.spanId) ?? []);
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ span: kids[i]!, depth: item.depth + 1 });
  }
  // Spans caught in a parent cycle have no root above them: listed last, at depth 0.
  for (const s of spans) if (!placed.has(s)) out.push({ span: s, depth: 0 });
  return out;
}

function sorted(list: SpanJson[]): SpanJson[] {
  return list.sort((a, b) => {
    const d = BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano);
    return d < 0n ? -1 : d > 0n ? 1 : a.index - b.index;
  });
}
