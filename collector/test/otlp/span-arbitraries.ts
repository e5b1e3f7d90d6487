/**
 * Random OpenTelemetry spans for the cross-checks: each generated request comes as SDK
 * `ReadableSpan`s (what the official serializers take) and as the store `Row`s the decoders must
 * produce from them.
 */
import fc from 'fast-check';
import type {
  AttributeValue,
  Attributes as OtelAttributes,
  HrTime,
  SpanContext,
  TraceState,
} from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { AnyValue, Attributes, Row } from '@laptime/store';

/** A value the official serializers accept: the API's attribute values plus bytes, maps, null. */
export type SourceValue =
  string | boolean | number | Uint8Array | undefined | SourceValue[] | { [key: string]: SourceValue };
export type SourceAttributes = Record<string, SourceValue>;

export interface EventSpec {
  time: bigint;
  name: string;
  attributes: SourceAttributes;
  dropped: number;
}

export interface LinkSpec {
  traceId: Uint8Array;
  spanId: Uint8Array;
  traceState: string;
  traceFlags: number;
  isRemote: boolean;
  attributes: SourceAttributes;
  dropped: number;
}

export interface SpanSpec {
  traceId: Uint8Array;
  spanId: Uint8Array;
  parent: { spanId: Uint8Array; isRemote: boolean } | null;
  traceFlags: number;
  traceState: string;
  name: string;
  /** OTLP kind, 0..5. */
  kind: number;
  start: bigint;
  end: bigint;
  statusCode: number;
  statusMessage: string;
  attributes: SourceAttributes;
  droppedAttributes: number;
  events: EventSpec[];
  droppedEvents: number;
  links: LinkSpec[];
  droppedLinks: number;
  resource: number;
  scope: number;
}

export interface ScopeSpec {
  name: string;
  version: string | undefined;
  schemaUrl: string | undefined;
  attributes: SourceAttributes;
  dropped: number;
}

export interface ResourceSpec {
  attributes: SourceAttributes;
  schemaUrl: string | undefined;
}

export interface RequestSpec {
  resources: ResourceSpec[];
  scopes: ScopeSpec[];
  spans: SpanSpec[];
}

/** Options that keep generated values inside what a transport can carry. */
export interface ValueOptions {
  /** OTLP/JSON from the JS exporter cannot carry NaN or infinities (JSON has no such numbers). */
  nonFiniteDoubles: boolean;
}

const U64_MAX = 2n ** 64n - 1n;
/** Largest integer double below 2^63: the serializers write integers below 2^63 as int64. */
const MAX_INT_DOUBLE = 2n ** 63n - 2048n;
const MAX_U32 = 2 ** 32 - 1;

const text = (maxLength: number): fc.Arbitrary<string> => fc.string({ unit: 'grapheme', maxLength });
const key = text(8).filter((k) => k !== '__proto__');

function id(bytes: number): fc.Arbitrary<Uint8Array> {
  return fc
    .uint8Array({ minLength: bytes, maxLength: bytes })
    .filter((b) => b.some((x) => x !== 0))
    .map((b) => new Uint8Array(b));
}

function sourceValue(options: ValueOptions): fc.Arbitrary<SourceValue> {
  const double = fc
    .double({ noNaN: !options.nonFiniteDoubles, noDefaultInfinity: !options.nonFiniteDoubles })
    .filter((d) => !Number.isInteger(d));
  const leaf: fc.Arbitrary<SourceValue> = fc.oneof(
    text(12),
    fc.boolean(),
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    fc.bigInt({ min: -(2n ** 63n), max: MAX_INT_DOUBLE }).map((b) => Number(b)),
    double,
    fc.uint8Array({ maxLength: 8 }).map((b) => new Uint8Array(b)),
    fc.constant(undefined),
  );
  const { value } = fc.letrec<{ value: SourceValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth: 4 },
      leaf,
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(key, tie('value'), { maxKeys: 3 }),
    ),
  }));
  return value;
}

function attributes(options: ValueOptions, maxKeys: number): fc.Arbitrary<SourceAttributes> {
  return fc.dictionary(key, sourceValue(options), { maxKeys });
}

const nanos = fc.bigInt({ min: 0n, max: U64_MAX });
const count = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: MAX_U32 }));

function event(options: ValueOptions): fc.Arbitrary<EventSpec> {
  return fc.record({ time: nanos, name: text(10), attributes: attributes(options, 3), dropped: count });
}

function link(options: ValueOptions): fc.Arbitrary<LinkSpec> {
  return fc.record({
    traceId: id(16),
    spanId: id(8),
    traceState: text(12),
    traceFlags: fc.integer({ min: 0, max: 255 }),
    isRemote: fc.boolean(),
    attributes: attributes(options, 3),
    dropped: count,
  });
}

function span(options: ValueOptions, resources: number, scopes: number): fc.Arbitrary<SpanSpec> {
  return fc
    .record({
      traceId: id(16),
      spanId: id(8),
      parent: fc.option(fc.record({ spanId: id(8), isRemote: fc.boolean() }), { nil: null }),
      traceFlags: fc.integer({ min: 0, max: 255 }),
      traceState: text(12),
      name: text(16),
      kind: fc.integer({ min: 0, max: 5 }),
      start: nanos,
      duration: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 2n ** 40n })),
      statusCode: fc.integer({ min: 0, max: 2 }),
      statusMessage: text(12),
      attributes: attributes(options, 6),
      droppedAttributes: count,
      events: fc.array(event(options), { maxLength: 3 }),
      droppedEvents: count,
      links: fc.array(link(options), { maxLength: 2 }),
      droppedLinks: count,
      resource: fc.nat(resources - 1),
      scope: fc.nat(scopes - 1),
    })
    .map(({ duration, ...s }) => {
      const end = s.start + duration > U64_MAX ? U64_MAX : s.start + duration;
      return { ...s, end };
    });
}

function resource(options: ValueOptions): fc.Arbitrary<ResourceSpec> {
  const serviceName = fc.oneof(
    text(10).map((s): SourceAttributes => ({ 'service.name': s })),
    sourceValue(options).map((v): SourceAttributes => ({ 'service.name': v })),
    fc.constant<SourceAttributes>({}),
  );
  return fc.record({
    attributes: fc
      .tuple(attributes(options, 4), serviceName)
      .map(([attrs, service]) => ({ ...attrs, ...service })),
    schemaUrl: fc.option(text(10), { nil: undefined }),
  });
}

function scope(options: ValueOptions, index: number): fc.Arbitrary<ScopeSpec> {
  return fc
    .record({
      // Distinct names: the JSON serializer groups scopes by name, the protobuf one by identity.
      name: text(8).map((n) => `${index}:${n}`),
      version: fc.option(text(6), { nil: undefined }),
      schemaUrl: fc.option(text(10), { nil: undefined }),
      attributes: attributes(options, 3),
      dropped: count,
    })
    .map((s) => ({ ...s, dropped: Object.keys(s.attributes).length > 0 ? s.dropped : 0 }));
}

/** A request of up to `maxSpans` spans (unique span ids) over a few resources and scopes. */
export function requestSpec(options: ValueOptions, maxSpans = 8): fc.Arbitrary<RequestSpec> {
  return fc
    .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }))
    .chain(([resources, scopes]) =>
      fc.record({
        resources: fc.array(resource(options), { minLength: resources, maxLength: resources }),
        scopes: fc.tuple(...Array.from({ length: scopes }, (_, k) => scope(options, k))),
        spans: fc.uniqueArray(span(options, resources, scopes), {
          maxLength: maxSpans,
          selector: (s) => hex(s.spanId),
        }),
      }),
    );
}

/** The property-test seed: `LAPTIME_SEED` when set (to replay a failure), else the clock. */
export function propertySeed(): number {
  const fromEnv = process.env.LAPTIME_SEED;
  const seed = fromEnv === undefined ? Date.now() : Number(fromEnv);
  console.log(`fast-check seed ${seed} (replay with LAPTIME_SEED=${seed})`);
  return seed;
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function hrTime(ns: bigint): HrTime {
  return [Number(ns / 1_000_000_000n), Number(ns % 1_000_000_000n)];
}

/** A TraceState that serializes to any string, as a sender's might. */
class FixedTraceState implements TraceState {
  constructor(private readonly text: string) {}
  set(): TraceState {
    return this;
  }
  unset(): TraceState {
    return this;
  }
  get(): string | undefined {
    return undefined;
  }
  serialize(): string {
    return this.text;
  }
}

/** Runtime attribute values the SDK types do not name (bytes, maps) but the serializers accept. */
function otelAttributes(attrs: SourceAttributes): OtelAttributes {
  return attrs as unknown as Record<string, AttributeValue>;
}

/** The request's spans as SDK ReadableSpans; spans of one resource (scope) share the object. */
export function readableSpans(spec: RequestSpec): ReadableSpan[] {
  const resources = spec.resources.map(
    (r) => ({ attributes: otelAttributes(r.attributes), schemaUrl: r.schemaUrl }) as unknown as Resource,
  );
  const scopes = spec.scopes.map((s) => ({
    name: s.name,
    version: s.version,
    schemaUrl: s.schemaUrl,
    attributes: otelAttributes(s.attributes),
    droppedAttributesCount: s.dropped,
  }));
  return spec.spans.map((s): ReadableSpan => {
    const context: SpanContext = {
      traceId: hex(s.traceId),
      spanId: hex(s.spanId),
      traceFlags: s.traceFlags,
      traceState: new FixedTraceState(s.traceState),
    };
    return {
      name: s.name,
      // The API's SpanKind is one lower than OTLP's; OTLP 0 (unspecified) has no API value.
      kind: (s.kind === 0 ? undefined : s.kind - 1) as ReadableSpan['kind'],
      spanContext: () => context,
      parentSpanContext:
        s.parent === null
          ? undefined
          : {
              traceId: hex(s.traceId),
              spanId: hex(s.parent.spanId),
              traceFlags: 0,
              isRemote: s.parent.isRemote,
            },
      startTime: hrTime(s.start),
      endTime: hrTime(s.end),
      duration: hrTime(s.end - s.start),
      ended: true,
      status:
        s.statusMessage === '' ? { code: s.statusCode } : { code: s.statusCode, message: s.statusMessage },
      attributes: otelAttributes(s.attributes),
      links: s.links.map((l) => ({
        context: {
          traceId: hex(l.traceId),
          spanId: hex(l.spanId),
          traceFlags: l.traceFlags,
          isRemote: l.isRemote,
          traceState: new FixedTraceState(l.traceState),
        },
        attributes: otelAttributes(l.attributes),
        droppedAttributesCount: l.dropped,
      })),
      events: s.events.map((e) => ({
        time: hrTime(e.time),
        name: e.name,
        attributes: otelAttributes(e.attributes),
        droppedAttributesCount: e.dropped,
      })),
      resource: resources[s.resource]!,
      instrumentationScope: scopes[s.scope]!,
      droppedAttributesCount: s.droppedAttributes,
      droppedEventsCount: s.droppedEvents,
      droppedLinksCount: s.droppedLinks,
    };
  });
}

/** The OTLP value the official serializers make of a JS value. */
export function expectedValue(v: SourceValue): AnyValue {
  if (v === undefined) return null;
  if (typeof v === 'number') {
    // Integers in the int64 range go out as int_value, everything else as double_value.
    return Number.isInteger(v) && v >= -(2 ** 63) && v < 2 ** 63 ? BigInt(v) : v;
  }
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Uint8Array) return v;
  if (Array.isArray(v)) return v.map(expectedValue);
  return expectedAttributes(v);
}

export function expectedAttributes(attrs: SourceAttributes): Attributes {
  const out: Record<string, AnyValue> = {};
  for (const [k, v] of Object.entries(attrs)) out[k] = expectedValue(v);
  return out;
}

/** Span flags as the serializers build them: W3C flags, "is-remote known", "parent is remote". */
function otlpFlags(traceFlags: number, isRemote: boolean): number {
  return (traceFlags & 0xff) | 0x100 | (isRemote ? 0x200 : 0);
}

/** The row the store must hold for span `s` of `spec`. */
export function expectedRow(spec: RequestSpec, s: SpanSpec): Row {
  const resource = spec.resources[s.resource]!;
  const scope = spec.scopes[s.scope]!;
  const service = resource.attributes['service.name'];
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parent === null ? null : s.parent.spanId,
    traceState: s.traceState,
    flags: otlpFlags(s.traceFlags, s.parent?.isRemote ?? false),
    service: typeof service === 'string' ? service : 'unknown_service',
    name: s.name,
    kind: s.kind,
    startTimeUnixNano: s.start,
    endTimeUnixNano: s.end,
    statusCode: s.statusCode,
    statusMessage: s.statusMessage,
    attributes: expectedAttributes(s.attributes),
    droppedAttributesCount: s.droppedAttributes,
    events: s.events.map((e) => ({
      timeUnixNano: e.time,
      name: e.name,
      attributes: expectedAttributes(e.attributes),
      droppedAttributesCount: e.dropped,
    })),
    droppedEventsCount: s.droppedEvents,
    links: s.links.map((l) => ({
      traceId: l.traceId,
      spanId: l.spanId,
      traceState: l.traceState,
      attributes: expectedAttributes(l.attributes),
      droppedAttributesCount: l.dropped,
      flags: otlpFlags(l.traceFlags, l.isRemote),
    })),
    droppedLinksCount: s.droppedLinks,
    resource: expectedAttributes(resource.attributes),
    droppedResourceAttributesCount: 0,
    scopeName: scope.name,
    scopeVersion: scope.version ?? '',
    scopeAttributes: expectedAttributes(scope.attributes),
    droppedScopeAttributesCount: scope.dropped,
    // Schema URLs are kept; an empty one is proto3's default and reads back absent.
    ...(resource.schemaUrl ? { resourceSchemaUrl: resource.schemaUrl } : {}),
    ...(scope.schemaUrl ? { scopeSchemaUrl: scope.schemaUrl } : {}),
  };
}
