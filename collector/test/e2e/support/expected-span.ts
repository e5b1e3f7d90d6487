/**
 * The Span JSON that API.md promises for a span the SDK exported: the test oracle the collector's
 * answers are compared with. Independent of the collector's code on purpose.
 */
import type { AttributeValue, HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { JsonObject, JsonValue, SpanJson } from './api-shapes.js';

/** The API's kind names, indexed by the JS API's SpanKind (one lower than OTLP's). */
const KINDS = ['internal', 'server', 'client', 'producer', 'consumer'];
/** The API's status codes, indexed by SpanStatusCode. */
const STATUS = ['unset', 'ok', 'error'] as const;
/** OTLP span flags (OTLP.md): W3C flags in bits 0-7, "is-remote known", "parent is remote". */
const HAS_IS_REMOTE = 0x100;
const IS_REMOTE = 0x200;
/** Integers beyond this magnitude are not exact as JSON numbers: the API sends decimal strings. */
const EXACT_INT = 2 ** 53;
const NS_PER_S = 1_000_000_000n;

/** A Span JSON without the index, which only the collector knows. */
export type ExpectedSpan = Omit<SpanJson, 'index'>;

export function hrTimeNs(t: HrTime): bigint {
  return BigInt(t[0]) * NS_PER_S + BigInt(t[1]);
}

export function durationMs(span: ReadableSpan): number {
  return Number(hrTimeNs(span.endTime) - hrTimeNs(span.startTime)) / 1e6;
}

export function startMs(span: ReadableSpan): number {
  return Number(hrTimeNs(span.startTime)) / 1e6;
}

export function serviceOf(span: ReadableSpan): string {
  return String(span.resource.attributes['service.name']);
}

export function attributeJson(v: AttributeValue | null | undefined): JsonValue {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return (v as (AttributeValue | null | undefined)[]).map(attributeJson);
  if (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) > EXACT_INT) return BigInt(v).toString();
  return v;
}

export function attributesJson(attrs: Record<string, AttributeValue | undefined>): JsonObject {
  return Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, attributeJson(v)]));
}

export function expectedSpan(span: ReadableSpan): ExpectedSpan {
  const ctx = span.spanContext();
  const parent = span.parentSpanContext;
  const startNs = hrTimeNs(span.startTime);
  const endNs = hrTimeNs(span.endTime);
  return {
    traceId: ctx.traceId,
    spanId: ctx.spanId,
    parentSpanId: parent?.spanId ?? null,
    traceState: ctx.traceState?.serialize() ?? '',
    flags: (ctx.traceFlags & 0xff) | HAS_IS_REMOTE | (parent?.isRemote === true ? IS_REMOTE : 0),
    service: serviceOf(span),
    name: span.name,
    kind: KINDS[span.kind]!,
    startTimeUnixNano: startNs.toString(),
    endTimeUnixNano: endNs.toString(),
    duration: Number(endNs - startNs) / 1e6,
    status: { code: STATUS[span.status.code], message: span.status.message ?? '' },
    attributes: attributesJson(span.attributes),
    resource: attributesJson(span.resource.attributes),
    resourceSchemaUrl: span.resource.schemaUrl ?? '',
    scope: {
      name: span.instrumentationScope.name,
      version: span.instrumentationScope.version ?? '',
      attributes: {},
      droppedAttributesCount: 0,
      schemaUrl: span.instrumentationScope.schemaUrl ?? '',
    },
    events: span.events.map((e) => ({
      timeUnixNano: hrTimeNs(e.time).toString(),
      name: e.name,
      attributes: attributesJson(e.attributes ?? {}),
      droppedAttributesCount: e.droppedAttributesCount ?? 0,
    })),
    links: span.links.map((l) => ({
      traceId: l.context.traceId,
      spanId: l.context.spanId,
      traceState: l.context.traceState?.serialize() ?? '',
      attributes: attributesJson(l.attributes ?? {}),
      droppedAttributesCount: l.droppedAttributesCount ?? 0,
      flags: (l.context.traceFlags & 0xff) | HAS_IS_REMOTE | (l.context.isRemote === true ? IS_REMOTE : 0),
    })),
    dropped: {
      attributes: span.droppedAttributesCount,
      events: span.droppedEventsCount,
      links: span.droppedLinksCount,
      resourceAttributes: 0,
    },
  };
}

/**
 * The fields of `actual` that API.md defines, in the shape of {@link ExpectedSpan} (the API may add
 * fields; a test compares only what the contract names).
 */
export function contractFields(actual: SpanJson): ExpectedSpan {
  return {
    traceId: actual.traceId,
    spanId: actual.spanId,
    parentSpanId: actual.parentSpanId,
    traceState: actual.traceState,
    flags: actual.flags,
    service: actual.service,
    name: actual.name,
    kind: actual.kind,
    startTimeUnixNano: actual.startTimeUnixNano,
    endTimeUnixNano: actual.endTimeUnixNano,
    duration: actual.duration,
    status: { code: actual.status.code, message: actual.status.message },
    attributes: actual.attributes,
    resource: actual.resource,
    resourceSchemaUrl: actual.resourceSchemaUrl,
    scope: {
      name: actual.scope.name,
      version: actual.scope.version,
      attributes: actual.scope.attributes,
      droppedAttributesCount: actual.scope.droppedAttributesCount,
      schemaUrl: actual.scope.schemaUrl,
    },
    events: actual.events.map((e) => ({
      timeUnixNano: e.timeUnixNano,
      name: e.name,
      attributes: e.attributes,
      droppedAttributesCount: e.droppedAttributesCount,
    })),
    links: actual.links.map((l) => ({
      traceId: l.traceId,
      spanId: l.spanId,
      traceState: l.traceState,
      attributes: l.attributes,
      droppedAttributesCount: l.droppedAttributesCount,
      flags: l.flags,
    })),
    dropped: {
      attributes: actual.dropped.attributes,
      events: actual.dropped.events,
      links: actual.dropped.links,
      resourceAttributes: actual.dropped.resourceAttributes,
    },
  };
}
