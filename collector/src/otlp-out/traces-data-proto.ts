/**
 * Stored rows as OTLP `TracesData` in protobuf (trace.proto; the same bytes as an
 * `ExportTraceServiceRequest`, and as Tempo's `Trace`): every field the store keeps, each value
 * with its OTLP type. Fields at their proto3 default are left out, as a stock encoder does.
 */
import {
  EventField as EVENT,
  ExtrasField,
  LinkField as LINK,
  ProtoWriter,
  ResourceField as RESOURCE,
  STATUS_MESSAGE,
  ScopeField as SCOPE,
  WireType,
  encodeAttributes,
  type Row,
  type SpanEvent,
  type SpanLink,
} from '@laptime/store';
import { groupRows } from './group-rows.js';

/** TracesData.resource_spans; also Tempo's Trace.resourceSpans and TraceByIDResponse.trace. */
export const RESOURCE_SPANS = 1;
const RS = { Resource: 1, ScopeSpans: 2, SchemaUrl: 3 } as const;
const SS = { Scope: 1, Span: 2, SchemaUrl: 3 } as const;
/** OTLP `Span`: the store's extras use the same numbers for the fields they hold. */
const SPAN = {
  ...ExtrasField,
  TraceId: 1,
  SpanId: 2,
  ParentSpanId: 4,
  Name: 5,
  Kind: 6,
  Start: 7,
  End: 8,
  Flags: 16,
} as const;
const STATUS_CODE = 3;

/** The `TracesData` of `rows`. */
export function tracesDataProto(rows: readonly Row[]): Uint8Array {
  const w = new ProtoWriter();
  writeResourceSpans(w, RESOURCE_SPANS, rows);
  return w.finish();
}

/** Writes the ResourceSpans of `rows` as repeated field `field` of the message being written. */
export function writeResourceSpans(w: ProtoWriter, field: number, rows: readonly Row[]): void {
  for (const resource of groupRows(rows)) {
    const r = resource.first;
    nested(w, field, () => {
      if (Object.keys(r.resource).length > 0 || r.droppedResourceAttributesCount !== 0)
        nested(w, RS.Resource, () => {
          encodeAttributes(w, RESOURCE.Attribute, r.resource);
          varint(w, RESOURCE.DroppedAttributes, r.droppedResourceAttributesCount);
        });
      for (const scope of resource.scopes) {
        const s = scope.first;
        nested(w, RS.ScopeSpans, () => {
          if (hasScope(s))
            nested(w, SS.Scope, () => {
              string(w, SCOPE.Name, s.scopeName);
              string(w, SCOPE.Version, s.scopeVersion);
              encodeAttributes(w, SCOPE.Attribute, s.scopeAttributes);
              varint(w, SCOPE.DroppedAttributes, s.droppedScopeAttributesCount);
            });
          for (const row of scope.rows) nested(w, SS.Span, () => writeSpan(w, row));
          string(w, SS.SchemaUrl, s.scopeSchemaUrl ?? '');
        });
      }
      string(w, RS.SchemaUrl, r.resourceSchemaUrl ?? '');
    });
  }
}

function hasScope(r: Row): boolean {
  return (
    r.scopeName !== '' ||
    r.scopeVersion !== '' ||
    Object.keys(r.scopeAttributes).length > 0 ||
    r.droppedScopeAttributesCount !== 0
  );
}

function writeSpan(w: ProtoWriter, row: Row): void {
  bytes(w, SPAN.TraceId, row.traceId);
  bytes(w, SPAN.SpanId, row.spanId);
  string(w, SPAN.TraceState, row.traceState);
  if (row.parentSpanId !== null) bytes(w, SPAN.ParentSpanId, row.parentSpanId);
  string(w, SPAN.Name, row.name);
  varint(w, SPAN.Kind, row.kind);
  fixed64(w, SPAN.Start, row.startTimeUnixNano);
  fixed64(w, SPAN.End, row.endTimeUnixNano);
  encodeAttributes(w, SPAN.Attribute, row.attributes);
  varint(w, SPAN.DroppedAttributes, row.droppedAttributesCount);
  for (const e of row.events) nested(w, SPAN.Event, () => writeEvent(w, e));
  varint(w, SPAN.DroppedEvents, row.droppedEventsCount);
  for (const l of row.links) nested(w, SPAN.Link, () => writeLink(w, l));
  varint(w, SPAN.DroppedLinks, row.droppedLinksCount);
  if (row.statusMessage !== '' || row.statusCode !== 0)
    nested(w, SPAN.Status, () => {
      string(w, STATUS_MESSAGE, row.statusMessage);
      varint(w, STATUS_CODE, row.statusCode);
    });
  fixed32(w, SPAN.Flags, row.flags);
}

function writeEvent(w: ProtoWriter, e: SpanEvent): void {
  fixed64(w, EVENT.Time, e.timeUnixNano);
  string(w, EVENT.Name, e.name);
  encodeAttributes(w, EVENT.Attribute, e.attributes);
  varint(w, EVENT.DroppedAttributes, e.droppedAttributesCount);
}

function writeLink(w: ProtoWriter, l: SpanLink): void {
  bytes(w, LINK.TraceId, l.traceId);
  bytes(w, LINK.SpanId, l.spanId);
  string(w, LINK.TraceState, l.traceState);
  encodeAttributes(w, LINK.Attribute, l.attributes);
  varint(w, LINK.DroppedAttributes, l.droppedAttributesCount);
  fixed32(w, LINK.Flags, l.flags);
}

/** A length-delimited field whose payload `body` writes. */
function nested(w: ProtoWriter, field: number, body: () => void): void {
  w.tag(field, WireType.Len);
  const mark = w.fork();
  body();
  w.join(mark);
}

// Scalars are left out at their default (proto3).
function string(w: ProtoWriter, field: number, s: string): void {
  if (s === '') return;
  w.tag(field, WireType.Len);
  w.string(s);
}

function bytes(w: ProtoWriter, field: number, b: Uint8Array): void {
  w.tag(field, WireType.Len);
  w.bytes(b);
}

function varint(w: ProtoWriter, field: number, n: number): void {
  if (n === 0) return;
  w.tag(field, WireType.Varint);
  w.uint32(n);
}

function fixed32(w: ProtoWriter, field: number, n: number): void {
  if (n === 0) return;
  w.tag(field, WireType.Fixed32);
  w.fixed32(n);
}

function fixed64(w: ProtoWriter, field: number, n: bigint): void {
  if (n === 0n) return;
  w.tag(field, WireType.Fixed64);
  w.fixed64Big(n);
}
