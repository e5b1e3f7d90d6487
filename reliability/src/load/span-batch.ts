/**
 * Small OTLP/HTTP protobuf export requests of spans whose span ids the sender chooses, so a test
 * can tell every span it sent from every other and find each one in the store afterwards.
 */
import { ProtoWriter, WireType } from '@laptime/store';
import { between, type Random } from '../crash/seeded-random.js';

/** The service every generated span belongs to. */
export const SERVICE = 'reliability';
/** The span names (series) generated spans are spread over. */
export const SPAN_NAMES: readonly string[] = [
  'GET /cart',
  'POST /checkout',
  'GET /items/:id',
  'db.query',
  'cache.get',
];
/** One span in twenty is an error, so the error counts of the aggregates are checked too. */
const ERROR_EVERY = 20;

/** One generated span. */
export interface GeneratedSpan {
  /** Span id, 16 hex digits; also the first half of the trace id. */
  id: string;
  name: string;
  error: boolean;
  startNs: bigint;
  durationNs: bigint;
}

/**
 * A span id made of a run tag (16 bits), a client number (16 bits) and the client's sequence
 * number (32 bits): unique within a run as long as each client counts up.
 */
export function spanIdOf(tag: number, client: number, seq: number): string {
  return (
    (tag & 0xffff).toString(16).padStart(4, '0') +
    (client & 0xffff).toString(16).padStart(4, '0') +
    (seq >>> 0).toString(16).padStart(8, '0')
  );
}

/** Spans with the given ids, random names, durations (0.1-50 ms) and outcomes, starting now. */
export function generateSpans(random: Random, ids: readonly string[]): GeneratedSpan[] {
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  return ids.map((id) => ({
    id,
    name: SPAN_NAMES[between(random, 0, SPAN_NAMES.length - 1)]!,
    error: between(random, 1, ERROR_EVERY) === 1,
    startNs: nowNs,
    durationNs: BigInt(between(random, 100_000, 50_000_000)),
  }));
}

// Field numbers of OTLP's trace.proto.
const REQUEST_RESOURCE_SPANS = 1;
const RESOURCE_SPANS_RESOURCE = 1;
const RESOURCE_SPANS_SCOPE_SPANS = 2;
const RESOURCE_ATTRIBUTES = 1;
const SCOPE_SPANS_SCOPE = 1;
const SCOPE_SPANS_SPANS = 2;
const SCOPE_NAME = 1;
const KEY_VALUE_KEY = 1;
const KEY_VALUE_VALUE = 2;
const ANY_VALUE_STRING = 1;
const SPAN = { TraceId: 1, SpanId: 2, Name: 5, Kind: 6, Start: 7, End: 8, Status: 15 } as const;
const STATUS_CODE = 3;
const KIND_SERVER = 2;
const STATUS_ERROR = 2;
/** Second half of every trace id: any non-zero constant. */
const TRACE_ID_TAIL = Buffer.from('0123456789abcdef', 'hex');

/** The protobuf body of one `ExportTraceServiceRequest` holding `spans`. */
export function encodeSpans(spans: readonly GeneratedSpan[]): Uint8Array {
  const w = new ProtoWriter();
  w.tag(REQUEST_RESOURCE_SPANS, WireType.Len);
  const resourceSpans = w.fork();
  w.tag(RESOURCE_SPANS_RESOURCE, WireType.Len);
  const resource = w.fork();
  w.tag(RESOURCE_ATTRIBUTES, WireType.Len);
  const attribute = w.fork();
  w.tag(KEY_VALUE_KEY, WireType.Len);
  w.string('service.name');
  w.tag(KEY_VALUE_VALUE, WireType.Len);
  const value = w.fork();
  w.tag(ANY_VALUE_STRING, WireType.Len);
  w.string(SERVICE);
  w.join(value);
  w.join(attribute);
  w.join(resource);
  w.tag(RESOURCE_SPANS_SCOPE_SPANS, WireType.Len);
  const scopeSpans = w.fork();
  w.tag(SCOPE_SPANS_SCOPE, WireType.Len);
  const scope = w.fork();
  w.tag(SCOPE_NAME, WireType.Len);
  w.string('laptime-reliability');
  w.join(scope);
  for (const s of spans) encodeSpan(w, s);
  w.join(scopeSpans);
  w.join(resourceSpans);
  return w.finish();
}

function encodeSpan(w: ProtoWriter, s: GeneratedSpan): void {
  const id = Buffer.from(s.id, 'hex');
  w.tag(SCOPE_SPANS_SPANS, WireType.Len);
  const span = w.fork();
  w.tag(SPAN.TraceId, WireType.Len);
  w.bytes(Buffer.concat([id, TRACE_ID_TAIL]));
  w.tag(SPAN.SpanId, WireType.Len);
  w.bytes(id);
  w.tag(SPAN.Name, WireType.Len);
  w.string(s.name);
  w.tag(SPAN.Kind, WireType.Varint);
  w.uint32(KIND_SERVER);
  w.tag(SPAN.Start, WireType.Fixed64);
  w.fixed64Big(s.startNs);
  w.tag(SPAN.End, WireType.Fixed64);
  w.fixed64Big(s.startNs + s.durationNs);
  if (s.error) {
    w.tag(SPAN.Status, WireType.Len);
    const status = w.fork();
    w.tag(STATUS_CODE, WireType.Varint);
    w.uint32(STATUS_ERROR);
    w.join(status);
  }
  w.join(span);
}
