/**
 * Pre-encoded OTLP protobuf requests of realistic spans (`realisticRows` of the store: several
 * services, ~10 attributes and one event per span), serialized by the official
 * `ProtobufTraceSerializer` as the SDK's exporter would send them.
 */
import type { AttributeValue, Attributes as OtelAttributes, HrTime } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { AnyValue, Attributes, Row } from '@laptime/store';
import { realisticRows } from '@laptime/store/testing';

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

function hrTime(ns: bigint): HrTime {
  return [Number(ns / 1_000_000_000n), Number(ns % 1_000_000_000n)];
}

/** The serializers take the API's values; int64 attributes go out as JS numbers. */
function sourceValue(v: AnyValue): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return (v as readonly AnyValue[]).map(sourceValue);
  if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array))
    return sourceAttributes(v as Attributes);
  return v;
}

function sourceAttributes(a: Attributes): OtelAttributes {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a)) out[k] = sourceValue(v);
  return out as Record<string, AttributeValue>;
}

/** Rows as SDK spans; rows of one service share one resource object, as in a real process. */
function readableSpans(rows: readonly Row[]): ReadableSpan[] {
  const resources = new Map<string, Resource>();
  const scopes = new Map<string, { name: string; version: string }>();
  return rows.map((r): ReadableSpan => {
    let resource = resources.get(r.service);
    if (resource === undefined) {
      resource = { attributes: sourceAttributes(r.resource) } as unknown as Resource;
      resources.set(r.service, resource);
    }
    const scopeKey = `${r.scopeName}\u0000${r.scopeVersion}`;
    let scope = scopes.get(scopeKey);
    if (scope === undefined) {
      scope = { name: r.scopeName, version: r.scopeVersion };
      scopes.set(scopeKey, scope);
    }
    const context = { traceId: hex(r.traceId), spanId: hex(r.spanId), traceFlags: r.flags & 0xff };
    return {
      name: r.name,
      kind: Math.max(0, r.kind - 1),
      spanContext: () => context,
      parentSpanContext:
        r.parentSpanId === null
          ? undefined
          : { traceId: context.traceId, spanId: hex(r.parentSpanId), traceFlags: 1 },
      startTime: hrTime(r.startTimeUnixNano),
      endTime: hrTime(r.endTimeUnixNano),
      duration: hrTime(r.endTimeUnixNano - r.startTimeUnixNano),
      ended: true,
      status:
        r.statusMessage === '' ? { code: r.statusCode } : { code: r.statusCode, message: r.statusMessage },
      attributes: sourceAttributes(r.attributes),
      links: r.links.map((l) => ({
        context: { traceId: hex(l.traceId), spanId: hex(l.spanId), traceFlags: l.flags & 0xff },
        attributes: sourceAttributes(l.attributes),
      })),
      events: r.events.map((e) => ({
        name: e.name,
        time: hrTime(e.timeUnixNano),
        attributes: sourceAttributes(e.attributes),
      })),
      resource,
      instrumentationScope: scope,
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    };
  });
}

/** `count` requests of `spansPerRequest` distinct spans each. */
export function otlpBatches(count: number, spansPerRequest: number, seed: number): Buffer[] {
  const rows = realisticRows(count * spansPerRequest, { seed });
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const body = ProtobufTraceSerializer.serializeRequest(
      readableSpans(rows.slice(i * spansPerRequest, (i + 1) * spansPerRequest)),
    );
    if (body === undefined) throw new Error('the protobuf serializer produced nothing');
    out.push(Buffer.from(body));
  }
  return out;
}

/** One OTLP/JSON request of `spans` distinct spans, as the SDK's JSON exporter would send it. */
export function otlpJsonRequest(spans: number, seed: number): Buffer {
  const body = JsonTraceSerializer.serializeRequest(readableSpans(realisticRows(spans, { seed })));
  if (body === undefined) throw new Error('the JSON serializer produced nothing');
  return Buffer.from(body);
}
