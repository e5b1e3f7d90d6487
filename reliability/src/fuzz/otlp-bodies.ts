/**
 * Valid OTLP request bodies built from store rows, in both encodings: the seeds the fuzzer
 * mutates. Spans are grouped by service (resource) and scope, as SDKs send them.
 */
import {
  encodeAttributes,
  encodeExtras,
  ProtoWriter,
  WireType,
  type AnyValue,
  type Attributes,
  type Row,
} from '@laptime/store';

function groups(rows: readonly Row[]): Row[][][] {
  const byService = new Map<string, Map<string, Row[]>>();
  for (const row of rows) {
    let scopes = byService.get(row.service);
    if (scopes === undefined) byService.set(row.service, (scopes = new Map<string, Row[]>()));
    const key = `${row.scopeName}\u0000${row.scopeVersion}`;
    let list = scopes.get(key);
    if (list === undefined) scopes.set(key, (list = []));
    list.push(row);
  }
  return [...byService.values()].map((scopes) => [...scopes.values()]);
}

/** The protobuf `ExportTraceServiceRequest` holding `rows`. */
export function protobufBody(rows: readonly Row[]): Uint8Array {
  const w = new ProtoWriter();
  for (const scopes of groups(rows)) {
    w.tag(1, WireType.Len); // resource_spans
    const rs = w.fork();
    w.tag(1, WireType.Len); // resource
    const resource = w.fork();
    encodeAttributes(w, 1, scopes[0]![0]!.resource);
    w.join(resource);
    for (const list of scopes) {
      w.tag(2, WireType.Len); // scope_spans
      const ss = w.fork();
      w.tag(1, WireType.Len); // scope
      const scope = w.fork();
      str(w, 1, list[0]!.scopeName);
      str(w, 2, list[0]!.scopeVersion);
      encodeAttributes(w, 3, list[0]!.scopeAttributes);
      w.join(scope);
      for (const row of list) span(w, row);
      w.join(ss);
    }
    w.join(rs);
  }
  return w.finish();
}

function span(w: ProtoWriter, row: Row): void {
  w.tag(2, WireType.Len);
  const s = w.fork();
  w.tag(1, WireType.Len);
  w.bytes(row.traceId);
  w.tag(2, WireType.Len);
  w.bytes(row.spanId);
  if (row.parentSpanId !== null) {
    w.tag(4, WireType.Len);
    w.bytes(row.parentSpanId);
  }
  str(w, 5, row.name);
  w.tag(6, WireType.Varint);
  w.uint32(row.kind);
  w.tag(7, WireType.Fixed64);
  w.fixed64Big(row.startTimeUnixNano);
  w.tag(8, WireType.Fixed64);
  w.fixed64Big(row.endTimeUnixNano);
  encodeExtras(w, { ...row, statusMessage: '' });
  w.tag(15, WireType.Len);
  const status = w.fork();
  str(w, 2, row.statusMessage);
  if (row.statusCode !== 0) {
    w.tag(3, WireType.Varint);
    w.uint32(row.statusCode);
  }
  w.join(status);
  w.tag(16, WireType.Fixed32);
  w.fixed32(row.flags);
  w.join(s);
}

function str(w: ProtoWriter, field: number, s: string): void {
  if (s === '') return;
  w.tag(field, WireType.Len);
  w.string(s);
}

/** A JSON value of the OTLP/JSON encoding. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The OTLP/JSON request object holding `rows` (hex ids, decimal-string nanoseconds). */
export function jsonRequest(rows: readonly Row[]): { [key: string]: Json } {
  return {
    resourceSpans: groups(rows).map((scopes) => ({
      resource: { attributes: keyValues(scopes[0]![0]!.resource) },
      scopeSpans: scopes.map((list) => ({
        scope: {
          name: list[0]!.scopeName,
          version: list[0]!.scopeVersion,
          attributes: keyValues(list[0]!.scopeAttributes),
        },
        spans: list.map(jsonSpan),
      })),
    })),
  };
}

function jsonSpan(row: Row): Json {
  return {
    traceId: hex(row.traceId),
    spanId: hex(row.spanId),
    ...(row.parentSpanId === null ? {} : { parentSpanId: hex(row.parentSpanId) }),
    traceState: row.traceState,
    flags: row.flags,
    name: row.name,
    kind: row.kind,
    startTimeUnixNano: String(row.startTimeUnixNano),
    endTimeUnixNano: String(row.endTimeUnixNano),
    attributes: keyValues(row.attributes),
    events: row.events.map((e) => ({
      timeUnixNano: String(e.timeUnixNano),
      name: e.name,
      attributes: keyValues(e.attributes),
    })),
    links: row.links.map((l) => ({
      traceId: hex(l.traceId),
      spanId: hex(l.spanId),
      traceState: l.traceState,
      attributes: keyValues(l.attributes),
    })),
    status: { code: row.statusCode, message: row.statusMessage },
  };
}

function keyValues(attrs: Attributes): Json[] {
  return Object.entries(attrs).map(([key, value]) => ({ key, value: anyValue(value) }));
}

function anyValue(v: AnyValue): Json {
  if (v === null) return {};
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'bigint') return { intValue: String(v) };
  if (typeof v === 'number') return { doubleValue: v };
  if (v instanceof Uint8Array) return { bytesValue: Buffer.from(v).toString('base64') };
  if (Array.isArray(v)) return { arrayValue: { values: (v as readonly AnyValue[]).map(anyValue) } };
  return { kvlistValue: { values: keyValues(v as Attributes) } };
}

/** Lower-case hex of `bytes`. */
export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
