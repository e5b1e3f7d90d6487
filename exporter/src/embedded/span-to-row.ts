import type { HrTime, Link } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import type { Attributes, Row, SpanEvent, SpanLink } from '@laptime/store';
import { hexToBytes } from './hex-id.js';
import { spanFlags } from './span-flags.js';
import { toAttributes } from './to-any-value.js';

/** The service of spans whose resource has no string `service.name`, as the collector names it. */
export const UNKNOWN_SERVICE = 'unknown_service';

const NANOS_PER_SECOND = 1_000_000_000n;

interface ResourceParts {
  service: string;
  attributes: Attributes;
  /** Only the schema URL of the row: absent when the resource has none. */
  schema: Pick<Row, 'resourceSchemaUrl'>;
}

interface ScopeParts {
  name: string;
  version: string;
  attributes: Attributes;
  droppedAttributesCount: number;
  schema: Pick<Row, 'scopeSchemaUrl'>;
}

/**
 * ReadableSpan to store Row, field for field as the collector stores the same span sent by the
 * OTLP protobuf exporter. Resources and scopes are shared by many spans: each is converted once.
 */
export class SpanToRow {
  private readonly resources = new WeakMap<Resource, ResourceParts>();
  private readonly scopes = new WeakMap<InstrumentationScope, ScopeParts>();

  convert(span: ReadableSpan): Row {
    const ctx = span.spanContext();
    const parent = span.parentSpanContext;
    const resource = this.resource(span.resource);
    const scope = this.scope(span.instrumentationScope);
    return {
      traceId: hexToBytes(ctx.traceId),
      spanId: hexToBytes(ctx.spanId),
      parentSpanId: parent?.spanId ? hexToBytes(parent.spanId) : null,
      traceState: ctx.traceState?.serialize() ?? '',
      flags: spanFlags(ctx.traceFlags, parent?.isRemote),
      service: resource.service,
      name: span.name,
      // The API's SpanKind has no UNSPECIFIED: OTLP's values are one higher.
      kind: span.kind + 1,
      startTimeUnixNano: hrTimeToNanos(span.startTime),
      endTimeUnixNano: hrTimeToNanos(span.endTime),
      statusCode: span.status.code,
      statusMessage: span.status.message ?? '',
      attributes: toAttributes(span.attributes),
      droppedAttributesCount: span.droppedAttributesCount,
      events: span.events.map(toEvent),
      droppedEventsCount: span.droppedEventsCount,
      links: span.links.map(toLink),
      droppedLinksCount: span.droppedLinksCount,
      resource: resource.attributes,
      // The serializer always sends 0: the SDK's Resource does not count dropped attributes.
      droppedResourceAttributesCount: 0,
      scopeName: scope.name,
      scopeVersion: scope.version,
      scopeAttributes: scope.attributes,
      droppedScopeAttributesCount: scope.droppedAttributesCount,
      ...resource.schema,
      ...scope.schema,
    };
  }

  private resource(resource: Resource): ResourceParts {
    let parts = this.resources.get(resource);
    if (parts === undefined) {
      const attributes = toAttributes(resource.attributes);
      const service = attributes['service.name'];
      const url = resource.schemaUrl ?? '';
      parts = {
        service: typeof service === 'string' ? service : UNKNOWN_SERVICE,
        attributes,
        schema: url === '' ? {} : { resourceSchemaUrl: url },
      };
      // Attributes still being detected would change: convert again until they are settled.
      if (resource.asyncAttributesPending !== true) this.resources.set(resource, parts);
    }
    return parts;
  }

  private scope(scope: InstrumentationScope): ScopeParts {
    let parts = this.scopes.get(scope);
    if (parts === undefined) {
      // Scope attributes are newer than core's type; the serializer sends them when present.
      const extra = scope as { attributes?: Record<string, unknown>; droppedAttributesCount?: number };
      const attributes = toAttributes(extra.attributes as Parameters<typeof toAttributes>[0]);
      const hasAttributes = Object.keys(attributes).length > 0;
      parts = {
        name: scope.name,
        version: scope.version ?? '',
        attributes,
        droppedAttributesCount: hasAttributes ? (extra.droppedAttributesCount ?? 0) : 0,
        schema: (scope.schemaUrl ?? '') === '' ? {} : { scopeSchemaUrl: scope.schemaUrl! },
      };
      this.scopes.set(scope, parts);
    }
    return parts;
  }
}

/** HrTime `[seconds, nanoseconds]` to exact unix nanoseconds. */
export function hrTimeToNanos(t: HrTime): bigint {
  return BigInt(t[0]) * NANOS_PER_SECOND + BigInt(Math.trunc(t[1]));
}

function toEvent(e: TimedEvent): SpanEvent {
  return {
    timeUnixNano: hrTimeToNanos(e.time),
    name: e.name,
    attributes: toAttributes(e.attributes),
    droppedAttributesCount: e.droppedAttributesCount ?? 0,
  };
}

function toLink(l: Link): SpanLink {
  return {
    traceId: hexToBytes(l.context.traceId),
    spanId: hexToBytes(l.context.spanId),
    traceState: l.context.traceState?.serialize() ?? '',
    attributes: toAttributes(l.attributes),
    droppedAttributesCount: l.droppedAttributesCount ?? 0,
    flags: spanFlags(l.context.traceFlags, l.context.isRemote),
  };
}
