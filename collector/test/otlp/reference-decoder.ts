/**
 * The independent reference: opentelemetry-js's own static protobufjs module (from
 * @opentelemetry/otlp-transformer 0.216.0) decodes a request into objects, and this file turns
 * those objects into the rows the store should hold.
 */
import referenceRoot from 'otlp-reference/build/src/generated/root.js';
import type { AnyValue, Attributes, Row } from '@laptime/store';

/** A protobufjs Long (64-bit fields) or a plain number when the value fits. */
interface Long {
  toString(): string;
}
type Maybe<T> = T | null | undefined;

interface RefAnyValue {
  stringValue?: Maybe<string>;
  boolValue?: Maybe<boolean>;
  intValue?: Maybe<Long | number>;
  doubleValue?: Maybe<number>;
  arrayValue?: Maybe<{ values?: Maybe<RefAnyValue[]> }>;
  kvlistValue?: Maybe<{ values?: Maybe<RefKeyValue[]> }>;
  bytesValue?: Maybe<Uint8Array>;
}
interface RefKeyValue {
  key?: Maybe<string>;
  value?: Maybe<RefAnyValue>;
}
interface RefEvent {
  timeUnixNano?: Maybe<Long | number>;
  name?: Maybe<string>;
  attributes?: Maybe<RefKeyValue[]>;
  droppedAttributesCount?: Maybe<number>;
}
interface RefLink {
  traceId?: Maybe<Uint8Array>;
  spanId?: Maybe<Uint8Array>;
  traceState?: Maybe<string>;
  attributes?: Maybe<RefKeyValue[]>;
  droppedAttributesCount?: Maybe<number>;
  flags?: Maybe<number>;
}
interface RefSpan {
  traceId?: Maybe<Uint8Array>;
  spanId?: Maybe<Uint8Array>;
  traceState?: Maybe<string>;
  parentSpanId?: Maybe<Uint8Array>;
  flags?: Maybe<number>;
  name?: Maybe<string>;
  kind?: Maybe<number>;
  startTimeUnixNano?: Maybe<Long | number>;
  endTimeUnixNano?: Maybe<Long | number>;
  attributes?: Maybe<RefKeyValue[]>;
  droppedAttributesCount?: Maybe<number>;
  events?: Maybe<RefEvent[]>;
  droppedEventsCount?: Maybe<number>;
  links?: Maybe<RefLink[]>;
  droppedLinksCount?: Maybe<number>;
  status?: Maybe<{ message?: Maybe<string>; code?: Maybe<number> }>;
}
interface RefRequest {
  resourceSpans?: Maybe<
    {
      resource?: Maybe<{ attributes?: Maybe<RefKeyValue[]>; droppedAttributesCount?: Maybe<number> }>;
      schemaUrl?: Maybe<string>;
      scopeSpans?: Maybe<
        {
          schemaUrl?: Maybe<string>;
          scope?: Maybe<{
            name?: Maybe<string>;
            version?: Maybe<string>;
            attributes?: Maybe<RefKeyValue[]>;
            droppedAttributesCount?: Maybe<number>;
          }>;
          spans?: Maybe<RefSpan[]>;
        }[]
      >;
    }[]
  >;
}

interface ReferenceModule {
  opentelemetry: {
    proto: {
      collector: {
        trace: { v1: { ExportTraceServiceRequest: { decode(bytes: Uint8Array): RefRequest } } };
      };
      trace: { v1: { TracesData: { decode(bytes: Uint8Array): RefRequest } } };
    };
  };
}

const reference = (referenceRoot as unknown as ReferenceModule).opentelemetry.proto;
const ExportTraceServiceRequest = reference.collector.trace.v1.ExportTraceServiceRequest;

/** Decodes with the reference decoder to objects only (the benchmark's baseline). */
export function referenceDecode(bytes: Uint8Array): RefRequest {
  return ExportTraceServiceRequest.decode(bytes);
}

/**
 * The rows of a request according to the reference decoder, in request order. `message` says
 * which message the bytes hold: a request, or `TracesData` (the same fields, as read back).
 */
export function referenceRows(
  bytes: Uint8Array,
  message: 'ExportTraceServiceRequest' | 'TracesData' = 'ExportTraceServiceRequest',
): Row[] {
  const rows: Row[] = [];
  const decoded =
    message === 'TracesData' ? reference.trace.v1.TracesData.decode(bytes) : referenceDecode(bytes);
  for (const rs of decoded.resourceSpans ?? []) {
    const resource = attributes(rs.resource?.attributes);
    const service = Object.hasOwn(resource, 'service.name') ? resource['service.name'] : undefined;
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        rows.push({
          traceId: copy(s.traceId),
          spanId: copy(s.spanId),
          parentSpanId: s.parentSpanId && s.parentSpanId.some((b) => b !== 0) ? copy(s.parentSpanId) : null,
          traceState: s.traceState ?? '',
          flags: s.flags ?? 0,
          service: typeof service === 'string' ? service : 'unknown_service',
          name: s.name ?? '',
          kind: s.kind ?? 0,
          startTimeUnixNano: big(s.startTimeUnixNano),
          endTimeUnixNano: big(s.endTimeUnixNano),
          statusCode: s.status?.code ?? 0,
          statusMessage: s.status?.message ?? '',
          attributes: attributes(s.attributes),
          droppedAttributesCount: s.droppedAttributesCount ?? 0,
          events: (s.events ?? []).map((e) => ({
            timeUnixNano: big(e.timeUnixNano),
            name: e.name ?? '',
            attributes: attributes(e.attributes),
            droppedAttributesCount: e.droppedAttributesCount ?? 0,
          })),
          droppedEventsCount: s.droppedEventsCount ?? 0,
          links: (s.links ?? []).map((l) => ({
            traceId: copy(l.traceId),
            spanId: copy(l.spanId),
            traceState: l.traceState ?? '',
            attributes: attributes(l.attributes),
            droppedAttributesCount: l.droppedAttributesCount ?? 0,
            flags: l.flags ?? 0,
          })),
          droppedLinksCount: s.droppedLinksCount ?? 0,
          resource,
          droppedResourceAttributesCount: rs.resource?.droppedAttributesCount ?? 0,
          scopeName: ss.scope?.name ?? '',
          scopeVersion: ss.scope?.version ?? '',
          scopeAttributes: attributes(ss.scope?.attributes),
          droppedScopeAttributesCount: ss.scope?.droppedAttributesCount ?? 0,
          ...(rs.schemaUrl ? { resourceSchemaUrl: rs.schemaUrl } : {}),
          ...(ss.schemaUrl ? { scopeSchemaUrl: ss.schemaUrl } : {}),
        });
      }
    }
  }
  return rows;
}

function big(v: Maybe<Long | number>): bigint {
  return v === null || v === undefined ? 0n : BigInt(v.toString());
}

/** A plain Uint8Array copy (protobufjs hands out Buffers that share the request's memory). */
function copy(b: Maybe<Uint8Array>): Uint8Array {
  return new Uint8Array(b ?? []);
}

function attributes(kvs: Maybe<RefKeyValue[]>): Attributes {
  const out: Record<string, AnyValue> = {};
  for (const kv of kvs ?? []) {
    Object.defineProperty(out, kv.key ?? '', {
      value: anyValue(kv.value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

function anyValue(v: Maybe<RefAnyValue>): AnyValue {
  if (v === null || v === undefined) return null;
  const own = (k: keyof RefAnyValue): boolean => Object.hasOwn(v, k) && v[k] !== null && v[k] !== undefined;
  if (own('stringValue')) return v.stringValue!;
  if (own('boolValue')) return v.boolValue!;
  if (own('intValue')) return BigInt(v.intValue!.toString());
  if (own('doubleValue')) return v.doubleValue!;
  if (own('arrayValue')) return (v.arrayValue!.values ?? []).map(anyValue);
  if (own('kvlistValue')) return attributes(v.kvlistValue!.values);
  if (own('bytesValue')) return copy(v.bytesValue);
  return null;
}
