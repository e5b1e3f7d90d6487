/**
 * Stored rows as OTLP/JSON `TracesData` (the protobuf JSON mapping with OTLP's exceptions: hex
 * ids, integer enums). Every value keeps its OTLP type: int64 as a decimal string under
 * `intValue`, doubles under `doubleValue` (see {@link doubleJson}), bytes as base64. Every field
 * is written, defaults included, so a reader need not know proto3's defaults.
 */
import type { AnyValue, Attributes, Row, SpanEvent, SpanLink } from '@laptime/store';
import { hex } from '../api/span-json.js';
import { doubleJson } from './double-json.js';
import { groupRows } from './group-rows.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** The OTLP/JSON `TracesData` of `rows`. */
export function tracesDataJson(rows: readonly Row[]): { resourceSpans: JsonObject[] } {
  return { resourceSpans: resourceSpansJson(rows) };
}

/** The OTLP/JSON ResourceSpans of `rows`. */
export function resourceSpansJson(rows: readonly Row[]): JsonObject[] {
  return groupRows(rows).map((resource) => ({
    resource: {
      attributes: keyValuesJson(resource.first.resource),
      droppedAttributesCount: resource.first.droppedResourceAttributesCount,
    },
    scopeSpans: resource.scopes.map((scope) => ({
      scope: {
        name: scope.first.scopeName,
        version: scope.first.scopeVersion,
        attributes: keyValuesJson(scope.first.scopeAttributes),
        droppedAttributesCount: scope.first.droppedScopeAttributesCount,
      },
      spans: scope.rows.map(spanJson),
      schemaUrl: scope.first.scopeSchemaUrl ?? '',
    })),
    schemaUrl: resource.first.resourceSchemaUrl ?? '',
  }));
}

function spanJson(row: Row): JsonObject {
  const span: JsonObject = {
    traceId: hex(row.traceId),
    spanId: hex(row.spanId),
    traceState: row.traceState,
  };
  if (row.parentSpanId !== null) span.parentSpanId = hex(row.parentSpanId);
  return Object.assign(span, {
    flags: row.flags,
    name: row.name,
    kind: row.kind,
    startTimeUnixNano: row.startTimeUnixNano.toString(),
    endTimeUnixNano: row.endTimeUnixNano.toString(),
    attributes: keyValuesJson(row.attributes),
    droppedAttributesCount: row.droppedAttributesCount,
    events: row.events.map(eventJson),
    droppedEventsCount: row.droppedEventsCount,
    links: row.links.map(linkJson),
    droppedLinksCount: row.droppedLinksCount,
    status: { message: row.statusMessage, code: row.statusCode },
  });
}

function eventJson(e: SpanEvent): JsonObject {
  return {
    timeUnixNano: e.timeUnixNano.toString(),
    name: e.name,
    attributes: keyValuesJson(e.attributes),
    droppedAttributesCount: e.droppedAttributesCount,
  };
}

function linkJson(l: SpanLink): JsonObject {
  return {
    traceId: hex(l.traceId),
    spanId: hex(l.spanId),
    traceState: l.traceState,
    attributes: keyValuesJson(l.attributes),
    droppedAttributesCount: l.droppedAttributesCount,
    flags: l.flags,
  };
}

/** An attribute map as OTLP/JSON `KeyValue`s, in the order stored. */
export function keyValuesJson(attrs: Attributes): JsonObject[] {
  return Object.keys(attrs).map((key) => ({ key, value: anyValueJson(attrs[key]!) }));
}

/** An OTLP/JSON `AnyValue`; the empty value is `{}`. */
export function anyValueJson(v: AnyValue): JsonObject {
  if (v === null) return {};
  switch (typeof v) {
    case 'string':
      return { stringValue: v };
    case 'boolean':
      return { boolValue: v };
    case 'bigint':
      return { intValue: v.toString() };
    case 'number':
      return { doubleValue: doubleJson(v) };
  }
  if (v instanceof Uint8Array)
    return { bytesValue: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  if (Array.isArray(v)) return { arrayValue: { values: (v as readonly AnyValue[]).map(anyValueJson) } };
  return { kvlistValue: { values: keyValuesJson(v as Attributes) } };
}
