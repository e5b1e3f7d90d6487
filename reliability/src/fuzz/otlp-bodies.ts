/**
 * Valid OTLP/JSON request bodies built from store rows: with the protobuf ones of
 * `encodeTraceRequest` (`@laptime/collector/testing`), the seeds the fuzzer mutates. Spans are
 * grouped by service (resource) and scope, as SDKs send them.
 */
import type { AnyValue, Attributes, Row } from '@laptime/store';

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
