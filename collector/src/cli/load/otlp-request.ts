/**
 * Rows as an OTLP/HTTP protobuf `ExportTraceServiceRequest`, with the store's own encoders (their
 * field numbers are OTLP's): spans grouped by service (resource) and instrumentation scope.
 */
import { ProtoWriter, WireType, encodeAttributes, encodeExtras, type Row } from '@laptime/store';

const REQUEST_RESOURCE_SPANS = 1;
const RESOURCE_SPANS_RESOURCE = 1;
const RESOURCE_SPANS_SCOPE_SPANS = 2;
const RESOURCE_ATTRIBUTES = 1;
const SCOPE_SPANS_SCOPE = 1;
const SCOPE_SPANS_SPANS = 2;
const SCOPE_NAME = 1;
const SCOPE_VERSION = 2;
const SCOPE_ATTRIBUTES = 3;
const Span = {
  TraceId: 1,
  SpanId: 2,
  ParentSpanId: 4,
  Name: 5,
  Kind: 6,
  Start: 7,
  End: 8,
  Status: 15,
  Flags: 16,
} as const;
const STATUS_MESSAGE = 2;
const STATUS_CODE = 3;

/** The protobuf body of one export request holding `rows`. */
export function encodeTraceRequest(rows: readonly Row[]): Uint8Array {
  const groups = new Map<string, Map<string, Row[]>>();
  for (const row of rows) {
    const scopeKey = `${row.scopeName}\u0000${row.scopeVersion}`;
    let scopes = groups.get(row.service);
    if (scopes === undefined) groups.set(row.service, (scopes = new Map<string, Row[]>()));
    let list = scopes.get(scopeKey);
    if (list === undefined) scopes.set(scopeKey, (list = []));
    list.push(row);
  }
  const w = new ProtoWriter();
  for (const scopes of groups.values()) {
    const first = scopes.values().next().value![0]!;
    w.tag(REQUEST_RESOURCE_SPANS, WireType.Len);
    const resourceSpans = w.fork();
    w.tag(RESOURCE_SPANS_RESOURCE, WireType.Len);
    const resource = w.fork();
    encodeAttributes(w, RESOURCE_ATTRIBUTES, first.resource);
    w.join(resource);
    for (const list of scopes.values()) {
      w.tag(RESOURCE_SPANS_SCOPE_SPANS, WireType.Len);
      const scopeSpans = w.fork();
      w.tag(SCOPE_SPANS_SCOPE, WireType.Len);
      const scope = w.fork();
      stringField(w, SCOPE_NAME, list[0]!.scopeName);
      stringField(w, SCOPE_VERSION, list[0]!.scopeVersion);
      encodeAttributes(w, SCOPE_ATTRIBUTES, list[0]!.scopeAttributes);
      w.join(scope);
      for (const row of list) encodeSpan(w, row);
      w.join(scopeSpans);
    }
    w.join(resourceSpans);
  }
  return w.finish();
}

function encodeSpan(w: ProtoWriter, row: Row): void {
  w.tag(SCOPE_SPANS_SPANS, WireType.Len);
  const span = w.fork();
  w.tag(Span.TraceId, WireType.Len);
  w.bytes(row.traceId);
  w.tag(Span.SpanId, WireType.Len);
  w.bytes(row.spanId);
  if (row.parentSpanId !== null) {
    w.tag(Span.ParentSpanId, WireType.Len);
    w.bytes(row.parentSpanId);
  }
  stringField(w, Span.Name, row.name);
  w.tag(Span.Kind, WireType.Varint);
  w.uint32(row.kind);
  w.tag(Span.Start, WireType.Fixed64);
  w.fixed64Big(row.startTimeUnixNano);
  w.tag(Span.End, WireType.Fixed64);
  w.fixed64Big(row.endTimeUnixNano);
  // Trace state, attributes, events and links; the status is written whole below.
  encodeExtras(w, { ...row, statusMessage: '' });
  w.tag(Span.Status, WireType.Len);
  const status = w.fork();
  stringField(w, STATUS_MESSAGE, row.statusMessage);
  if (row.statusCode !== 0) {
    w.tag(STATUS_CODE, WireType.Varint);
    w.uint32(row.statusCode);
  }
  w.join(status);
  w.tag(Span.Flags, WireType.Fixed32);
  w.fixed32(row.flags);
  w.join(span);
}

function stringField(w: ProtoWriter, field: number, s: string): void {
  if (s === '') return;
  w.tag(field, WireType.Len);
  w.string(s);
}
