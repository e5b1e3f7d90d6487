/**
 * OTLP request bodies for the collector's tests, made by the official OpenTelemetry serializers
 * from a short description of each span.
 */
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import {
  readableSpans,
  type RequestSpec,
  type SourceAttributes,
  type SpanSpec,
} from '../otlp/span-arbitraries.js';

/** One span to send; everything but the name has a default. */
export interface TestSpan {
  name: string;
  service?: string;
  /** 32 hex digits. */
  traceId?: string;
  /** 16 hex digits; default: unique per call. */
  spanId?: string;
  parentSpanId?: string;
  /** Unix ms of the start. */
  startMs?: number;
  durationMs?: number;
  /** OTLP kind, 0..5 (default 2, server). */
  kind?: number;
  /** 0 unset, 1 ok, 2 error. */
  status?: number;
  statusMessage?: string;
  attributes?: SourceAttributes;
  events?: { name: string; timeMs: number; attributes?: SourceAttributes }[];
  links?: { traceId: string; spanId: string; attributes?: SourceAttributes }[];
  droppedAttributes?: number;
}

/** Start time of spans that name none: 2025-11-21T04:40:00Z. */
export const BASE_MS = 1_763_700_000_000;

let nextId = 1;

/** A fresh non-zero id of `bytes` bytes, as hex. */
export function freshId(bytes: 8 | 16): string {
  return (nextId++).toString(16).padStart(2 * bytes, '0');
}

function bytesOf(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** Exact nanoseconds of a time in ms (whole ms, plus a fraction kept to the ns). */
function nanos(ms: number): bigint {
  const whole = Math.floor(ms);
  return BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6));
}

/** The request the official serializers take, one resource per service. */
export function requestSpecOf(spans: readonly TestSpan[]): RequestSpec {
  const services = [...new Set(spans.map((s) => s.service ?? 'checkout'))];
  return {
    resources: services.map((service) => ({
      attributes: { 'service.name': service, 'host.name': 'web-1' },
      schemaUrl: undefined,
    })),
    scopes: [{ name: 'laptime-test', version: '1.0.0', schemaUrl: undefined, attributes: {}, dropped: 0 }],
    spans: spans.map((s): SpanSpec => {
      const start = nanos(s.startMs ?? BASE_MS);
      return {
        traceId: bytesOf(s.traceId ?? freshId(16)),
        spanId: bytesOf(s.spanId ?? freshId(8)),
        parent: s.parentSpanId === undefined ? null : { spanId: bytesOf(s.parentSpanId), isRemote: false },
        traceFlags: 1,
        traceState: '',
        name: s.name,
        kind: s.kind ?? 2,
        start,
        end: start + nanos(s.durationMs ?? 10),
        statusCode: s.status ?? 0,
        statusMessage: s.statusMessage ?? '',
        attributes: s.attributes ?? {},
        droppedAttributes: s.droppedAttributes ?? 0,
        events: (s.events ?? []).map((e) => ({
          time: nanos(e.timeMs),
          name: e.name,
          attributes: e.attributes ?? {},
          dropped: 0,
        })),
        droppedEvents: 0,
        links: (s.links ?? []).map((l) => ({
          traceId: bytesOf(l.traceId),
          spanId: bytesOf(l.spanId),
          traceState: '',
          traceFlags: 1,
          isRemote: false,
          attributes: l.attributes ?? {},
          dropped: 0,
        })),
        droppedLinks: 0,
        resource: services.indexOf(s.service ?? 'checkout'),
        scope: 0,
      };
    }),
  };
}

/** An OTLP protobuf ExportTraceServiceRequest of `spans`. */
export function protobufBody(spans: readonly TestSpan[]): Uint8Array {
  const body = ProtobufTraceSerializer.serializeRequest(readableSpans(requestSpecOf(spans)));
  if (body === undefined) throw new Error('the protobuf serializer produced nothing');
  return body;
}

/** An OTLP/JSON ExportTraceServiceRequest of `spans`. */
export function jsonBody(spans: readonly TestSpan[]): Uint8Array {
  const body = JsonTraceSerializer.serializeRequest(readableSpans(requestSpecOf(spans)));
  if (body === undefined) throw new Error('the JSON serializer produced nothing');
  return body;
}
