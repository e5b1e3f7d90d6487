/**
 * Small OTLP/HTTP protobuf export requests of spans whose span ids the sender chooses, so a test
 * can tell every span it sent from every other and find each one in the store afterwards.
 */
import { encodeTraceRequest } from '@laptime/collector/testing';
import type { Row, RowContext, RowExtras } from '@laptime/store';
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

const KIND_SERVER = 2;
const STATUS_ERROR = 2;
/** Second half of every trace id: any non-zero constant. */
const TRACE_ID_TAIL = Buffer.from('0123456789abcdef', 'hex');

/** The protobuf body of one `ExportTraceServiceRequest` holding `spans`. */
export function encodeSpans(spans: readonly GeneratedSpan[]): Uint8Array {
  return encodeTraceRequest(spans.map(rowOf));
}

/** The one resource and scope of every generated span. */
const CONTEXT: RowContext = {
  resource: { 'service.name': SERVICE },
  droppedResourceAttributesCount: 0,
  scopeName: 'laptime-reliability',
  scopeVersion: '',
  scopeAttributes: {},
  droppedScopeAttributesCount: 0,
};
/** Generated spans carry no trace state, attributes, events, links or status message. */
const NO_EXTRAS: RowExtras = {
  traceState: '',
  attributes: {},
  droppedAttributesCount: 0,
  events: [],
  droppedEventsCount: 0,
  links: [],
  droppedLinksCount: 0,
  statusMessage: '',
};

/** `s` as a store row: a server span, traced by its id and a constant tail. */
function rowOf(s: GeneratedSpan): Row {
  const id = Buffer.from(s.id, 'hex');
  return {
    ...CONTEXT,
    ...NO_EXTRAS,
    traceId: Buffer.concat([id, TRACE_ID_TAIL]),
    spanId: id,
    parentSpanId: null,
    flags: 0,
    service: SERVICE,
    name: s.name,
    kind: KIND_SERVER,
    startTimeUnixNano: s.startNs,
    endTimeUnixNano: s.startNs + s.durationNs,
    statusCode: s.error ? STATUS_ERROR : 0,
  };
}
