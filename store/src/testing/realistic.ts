/**
 * Realistic, reproducible spans for tests and benchmarks: several services, hundreds of span names
 * (HTTP routes, database queries, outgoing calls, functions), about ten attributes of mixed types
 * and one event per span, traces with parent links, log-normal durations with a heavy Pareto tail,
 * and occasional errors with a status message.
 */
import { RowBatchBuilder } from '../row/builder.js';
import { encodeContext, type RowContext } from '../row/context.js';
import { EventField, ExtrasField, LinkField, STATUS_MESSAGE } from '../row/extras.js';
import { ProtoWriter, WireType } from '../row/pb.js';
import type { Row, RowBatch } from '../row/types.js';
import { ObjectSink, WriterSink } from './attribute-sinks.js';
import { resourceOf, scopeOf, type Catalogue } from './catalogue.js';
import { DEFAULT_START_NS, SpanSource, type RealisticOptions, type SpanPlan } from './span-source.js';

export type { RealisticOptions } from './span-source.js';

/** Flags of a generated link (W3C sampled). */
const LINK_FLAGS = 1;
const TWO_POW_32 = 4294967296;
/** Spreads context cache keys: service * CONTEXT_KEY_STRIDE + category. */
const CONTEXT_KEY_STRIDE = 8;

/**
 * `n` realistic rows; the same options give the same rows.
 *
 * @example realisticRows(1000, { seed: 42 })
 */
export function realisticRows(n: number, opts: RealisticOptions): Row[] {
  const source = new SpanSource(opts);
  const base = opts.startNs ?? DEFAULT_START_NS;
  const sink = new ObjectSink();
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const p = source.next();
    const attributes = (sink.target = {});
    source.attributes(sink);
    const eventAttributes = (sink.target = {});
    source.eventAttributes(sink);
    rows.push({
      traceId: p.traceId.slice(),
      spanId: p.spanId.slice(),
      parentSpanId: p.hasParent ? p.parentSpanId.slice() : null,
      traceState: p.traceState,
      flags: p.flags,
      service: source.catalogue.services[p.entry.service]!,
      name: p.entry.name,
      kind: p.entry.kind,
      startTimeUnixNano: base + BigInt(p.startOffset),
      endTimeUnixNano: base + BigInt(p.startOffset + p.durationNs),
      statusCode: p.statusCode,
      statusMessage: p.statusMessage,
      attributes,
      droppedAttributesCount: 0,
      events: [
        {
          timeUnixNano: base + BigInt(p.eventOffset),
          name: p.eventName,
          attributes: eventAttributes,
          droppedAttributesCount: 0,
        },
      ],
      droppedEventsCount: 0,
      links: p.hasLink ? [linkOf(p)] : [],
      droppedLinksCount: 0,
      ...contextOf(source.catalogue, p),
    });
  }
  return rows;
}

/**
 * The rows of {@link realisticRows} with the same options, built straight into a batch (no
 * object per row): fast enough to feed benchmarks millions of rows.
 */
export function realisticBatch(n: number, opts: RealisticOptions): RowBatch {
  const source = new SpanSource(opts);
  const base = opts.startNs ?? DEFAULT_START_NS;
  const baseHi = Number(base >> 32n);
  const baseLo = Number(base & 0xffffffffn);
  const b = new RowBatchBuilder(Math.max(1, n));
  const w = b.extras;
  const sink = new WriterSink(w);
  const scratch = new ProtoWriter();
  const contextIds = new Map<number, number>();
  const eventTime = new Uint32Array(2);
  for (let i = 0; i < n; i++) {
    const p = source.next();
    const e = p.entry;
    const r = b.beginRow();
    b.traceIds.set(p.traceId, r * 16);
    b.spanIds.set(p.spanId, r * 8);
    if (p.hasParent) b.parentSpanIds.set(p.parentSpanId, r * 8);
    setTime(b.starts, r, baseLo, baseHi, p.startOffset);
    setTime(b.ends, r, baseLo, baseHi, p.startOffset + p.durationNs);
    b.flags[r] = p.flags;
    b.kinds[r] = e.kind;
    b.statusCodes[r] = p.statusCode;
    b.services[r] = b.internString(source.catalogue.services[e.service]!);
    b.names[r] = b.internString(e.name);
    const contextKey = e.service * CONTEXT_KEY_STRIDE + e.category;
    let contextId = contextIds.get(contextKey);
    if (contextId === undefined) {
      scratch.reset();
      encodeContext(scratch, contextOf(source.catalogue, p));
      contextId = b.internContext(scratch.buf, 0, scratch.pos);
      contextIds.set(contextKey, contextId);
    }
    b.contextIds[r] = contextId;

    if (p.traceState !== '') {
      w.tag(ExtrasField.TraceState, WireType.Len);
      w.string(p.traceState);
    }
    sink.field = ExtrasField.Attribute;
    source.attributes(sink);
    w.tag(ExtrasField.Event, WireType.Len);
    const event = w.fork();
    w.tag(EventField.Time, WireType.Fixed64);
    setTime(eventTime, 0, baseLo, baseHi, p.eventOffset);
    w.fixed64(eventTime[0]!, eventTime[1]!);
    w.tag(EventField.Name, WireType.Len);
    w.string(p.eventName);
    sink.field = EventField.Attribute;
    source.eventAttributes(sink);
    w.join(event);
    if (p.hasLink) writeLink(w, p);
    if (p.statusMessage !== '') {
      w.tag(ExtrasField.Status, WireType.Len);
      const status = w.fork();
      w.tag(STATUS_MESSAGE, WireType.Len);
      w.string(p.statusMessage);
      w.join(status);
    }
    b.commitRow();
  }
  return b.finish();
}

function linkOf(p: SpanPlan): Row['links'][number] {
  return {
    traceId: p.linkTraceId.slice(),
    spanId: p.linkSpanId.slice(),
    traceState: '',
    attributes: {},
    droppedAttributesCount: 0,
    flags: LINK_FLAGS,
  };
}

function writeLink(w: ProtoWriter, p: SpanPlan): void {
  w.tag(ExtrasField.Link, WireType.Len);
  const link = w.fork();
  w.tag(LinkField.TraceId, WireType.Len);
  w.bytes(p.linkTraceId);
  w.tag(LinkField.SpanId, WireType.Len);
  w.bytes(p.linkSpanId);
  w.tag(LinkField.Flags, WireType.Fixed32);
  w.fixed32(LINK_FLAGS);
  w.join(link);
}

function contextOf(catalogue: Catalogue, p: SpanPlan): RowContext {
  const [scopeName, scopeVersion] = scopeOf(p.entry.category);
  return {
    resource: resourceOf(catalogue.services, p.entry.service),
    droppedResourceAttributesCount: 0,
    scopeName,
    scopeVersion,
    scopeAttributes: {},
    droppedScopeAttributesCount: 0,
  };
}

/** Writes `base + offset` (offset a safe integer) as two 32-bit words at `out[2 * slot]`, without a bigint. */
function setTime(out: Uint32Array, slot: number, baseLo: number, baseHi: number, offset: number): void {
  const offHi = Math.floor(offset / TWO_POW_32);
  let lo = baseLo + (offset - offHi * TWO_POW_32);
  let hi = baseHi + offHi;
  if (lo >= TWO_POW_32) {
    lo -= TWO_POW_32;
    hi++;
  }
  out[2 * slot] = lo;
  out[2 * slot + 1] = hi;
}
