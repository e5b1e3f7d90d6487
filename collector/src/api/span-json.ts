/** A stored row as the HTTP API's `Span` JSON (API.md). */
import type { Row } from '@laptime/store';
import { attributesJson, type JsonValue } from './attribute-json.js';

/** OTLP span kinds by number, as the API names them. */
const KIND_NAMES = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const;
const STATUS_NAMES = ['unset', 'ok', 'error'] as const;
const NS_PER_MS = 1e6;

type JsonObject = { [key: string]: JsonValue };

export interface SpanJson {
  index: number;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  traceState: string;
  flags: number;
  service: string;
  name: string;
  kind: (typeof KIND_NAMES)[number];
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  /** Milliseconds. */
  duration: number;
  status: { code: (typeof STATUS_NAMES)[number]; message: string };
  attributes: JsonObject;
  resource: JsonObject;
  /** OTLP `ResourceSpans.schema_url`, '' when none. */
  resourceSchemaUrl: string;
  scope: {
    name: string;
    version: string;
    attributes: JsonObject;
    droppedAttributesCount: number;
    /** OTLP `ScopeSpans.schema_url`, '' when none. */
    schemaUrl: string;
  };
  events: { timeUnixNano: string; name: string; attributes: JsonObject; droppedAttributesCount: number }[];
  links: {
    traceId: string;
    spanId: string;
    traceState: string;
    attributes: JsonObject;
    droppedAttributesCount: number;
    flags: number;
  }[];
  dropped: { attributes: number; events: number; links: number; resourceAttributes: number };
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** The JSON of row `index`. */
export function spanJson(index: number, row: Row): SpanJson {
  return {
    index,
    traceId: hex(row.traceId),
    spanId: hex(row.spanId),
    parentSpanId: row.parentSpanId === null ? null : hex(row.parentSpanId),
    traceState: row.traceState,
    flags: row.flags,
    service: row.service,
    name: row.name,
    kind: KIND_NAMES[row.kind] ?? 'unspecified',
    startTimeUnixNano: row.startTimeUnixNano.toString(),
    endTimeUnixNano: row.endTimeUnixNano.toString(),
    duration: Number(row.endTimeUnixNano - row.startTimeUnixNano) / NS_PER_MS,
    status: { code: STATUS_NAMES[row.statusCode] ?? 'unset', message: row.statusMessage },
    attributes: attributesJson(row.attributes),
    resource: attributesJson(row.resource),
    resourceSchemaUrl: row.resourceSchemaUrl ?? '',
    scope: {
      name: row.scopeName,
      version: row.scopeVersion,
      attributes: attributesJson(row.scopeAttributes),
      droppedAttributesCount: row.droppedScopeAttributesCount,
      schemaUrl: row.scopeSchemaUrl ?? '',
    },
    events: row.events.map((e) => ({
      timeUnixNano: e.timeUnixNano.toString(),
      name: e.name,
      attributes: attributesJson(e.attributes),
      droppedAttributesCount: e.droppedAttributesCount,
    })),
    links: row.links.map((l) => ({
      traceId: hex(l.traceId),
      spanId: hex(l.spanId),
      traceState: l.traceState,
      attributes: attributesJson(l.attributes),
      droppedAttributesCount: l.droppedAttributesCount,
      flags: l.flags,
    })),
    dropped: {
      attributes: row.droppedAttributesCount,
      events: row.droppedEventsCount,
      links: row.droppedLinksCount,
      resourceAttributes: row.droppedResourceAttributesCount,
    },
  };
}
