/**
 * OTLP/HTTP protobuf trace requests, decoded straight from the request bytes into a
 * {@link RowBatchBuilder}: no object per span. Fixed fields go into the builder's typed arrays;
 * attributes, events, links, trace state and status are copied verbatim (tag, length, payload)
 * into the row's extras, whose format uses OTLP's own field numbers (store/DESIGN.md).
 */
import {
  MAX_NAME_BYTES,
  ProtoError,
  ProtoReader,
  ProtoWriter,
  SPAN_ID_BYTES,
  StringCache,
  TRACE_ID_BYTES,
  WireType,
  type RowBatchBuilder,
} from '@laptime/store';
import { DecodeTally, type DecodeResult } from './decode-result.js';
import { OtlpDecodeError } from './otlp-decode-error.js';
import { serviceNameOf } from './proto-service-name.js';
import {
  contextProblem,
  extrasProblem,
  idProblem,
  kindProblem,
  nameProblem,
  parentProblem,
  statusProblem,
  timeProblem,
} from './proto-span-checks.js';
import { UNKNOWN_SERVICE } from './service-name.js';

// Field numbers of the request tree's messages (OTLP trace_service.proto, trace.proto).
/** ExportTraceServiceRequest.resource_spans. */
const RESOURCE_SPANS = 1;
/** ResourceSpans.resource, .scope_spans. */
const RESOURCE = 1;
const SCOPE_SPANS = 2;
/** ScopeSpans.scope, .spans. */
const SCOPE = 1;
const SPANS = 2;
/** ResourceSpans.schema_url and ScopeSpans.schema_url. */
const SCHEMA_URL = 3;
/**
 * The encoded context's fields (store/DESIGN.md): the raw Resource and InstrumentationScope, and
 * the schema URLs of the ResourceSpans and the ScopeSpans (5 and 6).
 */
const CONTEXT_RESOURCE = 1;
const CONTEXT_SCOPE = 2;
const CONTEXT_RESOURCE_SCHEMA_URL = 5;
const CONTEXT_SCOPE_SCHEMA_URL = 6;

// Field keys, `(field << 3) | wireType`, compared whole in the hot loops.
/** Status.code (3, varint). */
const STATUS_CODE = 0x18;
// Span.
const TRACE_ID = 0x0a; // 1, len
const SPAN_ID = 0x12; // 2, len
const TRACE_STATE = 0x1a; // 3, len
const PARENT_SPAN_ID = 0x22; // 4, len
const NAME = 0x2a; // 5, len
const KIND = 0x30; // 6, varint
const START_TIME = 0x39; // 7, fixed64
const END_TIME = 0x41; // 8, fixed64
const ATTRIBUTES = 0x4a; // 9, len
const DROPPED_ATTRIBUTES = 0x50; // 10, varint
const EVENTS = 0x5a; // 11, len
const DROPPED_EVENTS = 0x60; // 12, varint
const LINKS = 0x6a; // 13, len
const DROPPED_LINKS = 0x70; // 14, varint
const STATUS = 0x7a; // 15, len
const FLAGS = 0x85; // 16, fixed32

/** Wire type of each known `Span` field, by field number; any other wire type breaks the request. */
const SPAN_WIRE_TYPES = [-1, 2, 2, 2, 2, 2, 0, 1, 1, 2, 0, 2, 0, 2, 0, 2, 5];

/**
 * Decoded span names, shared by all requests: spans repeat a handful of names, so a name is
 * usually found by its bytes, neither decoded nor hashed as a new string for the string table.
 */
const NAME_CACHE_SLOTS = 256;
const spanNames = new StringCache(NAME_CACHE_SLOTS);

/**
 * Decodes an OTLP `ExportTraceServiceRequest` (protobuf) into `builder`, one row per valid span.
 * A span with missing, zero or wrong-length ids, an end before its start, an unknown kind or
 * status code, or invalid nested data (bad UTF-8, broken attributes, nesting too deep) is
 * rejected alone and counted in the result. Unknown fields are skipped.
 *
 * Work is linear in the body size; nothing recurses on the request's nesting.
 *
 * @throws OtlpDecodeError when the request's framing (request, ResourceSpans, ScopeSpans or Span
 *   level) is undecodable: truncation, a length past the end, an invalid or unexpected wire type.
 *   The builder is then reset: hand each request a builder of its own.
 */
export function decodeTraceRequestProto(body: Uint8Array, builder: RowBatchBuilder): DecodeResult {
  const decoder = new ProtoRequestDecoder(body, builder);
  try {
    decoder.request();
  } catch (err) {
    builder.reset();
    if (err instanceof ProtoError)
      throw new OtlpDecodeError(`malformed protobuf: ${err.message}`, { cause: err });
    throw err;
  }
  return decoder.tally.result();
}

/** The state of one request's decoding; one reader per level of the message tree. */
class ProtoRequestDecoder {
  readonly tally = new DecodeTally();
  private readonly requestReader: ProtoReader;
  private readonly resourceSpansReader: ProtoReader;
  private readonly scopeSpansReader: ProtoReader;
  private readonly spanReader: ProtoReader;
  /** Reads nested data (resource attributes, status) whose faults reject spans, not the request. */
  private readonly nestedReader: ProtoReader;
  /** Payload ranges [start, end, start, end, ...] of the current ResourceSpans' `resource` fields. */
  private readonly resourceRanges: number[] = [];
  /** Payload ranges of the current ScopeSpans' `scope` fields. */
  private readonly scopeRanges: number[] = [];
  /** Payload range of the current ResourceSpans' `schema_url` (the last one wins), or empty. */
  private readonly resourceSchemaUrl: number[] = [];
  /** Payload range of the current ScopeSpans' `schema_url`, or empty. */
  private readonly scopeSchemaUrl: number[] = [];
  private readonly context = new ProtoWriter();
  private serviceName = UNKNOWN_SERVICE;
  private serviceId = 0;
  private contextId = 0;
  /** Why every span of the current ScopeSpans is rejected (its resource or scope is invalid). */
  private contextProblem: string | null = null;

  constructor(
    private readonly body: Uint8Array,
    private readonly builder: RowBatchBuilder,
  ) {
    this.requestReader = new ProtoReader(body);
    this.resourceSpansReader = new ProtoReader(body);
    this.scopeSpansReader = new ProtoReader(body);
    this.spanReader = new ProtoReader(body);
    this.nestedReader = new ProtoReader(body);
  }

  request(): void {
    const r = this.requestReader;
    while (r.pos < r.end) {
      const tag = r.tag();
      if (tag >>> 3 === RESOURCE_SPANS) {
        expectFraming(tag, 'ExportTraceServiceRequest');
        const end = r.lenEnd();
        this.resourceSpans(r.pos, end);
        r.pos = end;
      } else {
        r.skip(tag & 7);
      }
    }
  }

  /**
   * Two passes over a ResourceSpans: the first finds its `resource` (which may come after the
   * spans, and whose repeated occurrences merge), the second decodes the ScopeSpans.
   */
  private resourceSpans(start: number, end: number): void {
    const r = this.resourceSpansReader;
    const ranges = this.resourceRanges;
    ranges.length = 0;
    this.resourceSchemaUrl.length = 0;
    r.reset(this.body, start, end);
    while (r.pos < r.end) {
      const tag = r.tag();
      const field = tag >>> 3;
      if (field === RESOURCE || field === SCOPE_SPANS || field === SCHEMA_URL) {
        expectFraming(tag, 'ResourceSpans');
        const payloadEnd = r.lenEnd();
        if (field === RESOURCE) ranges.push(r.pos, payloadEnd);
        else if (field === SCHEMA_URL) lastRange(this.resourceSchemaUrl, r.pos, payloadEnd);
        r.pos = payloadEnd;
      } else {
        r.skip(tag & 7);
      }
    }
    this.serviceName = serviceNameOf(this.body, ranges, this.nestedReader);
    r.reset(this.body, start, end);
    while (r.pos < r.end) {
      const tag = r.tag();
      if (tag >>> 3 === SCOPE_SPANS) {
        const payloadEnd = r.lenEnd();
        this.scopeSpans(r.pos, payloadEnd);
        r.pos = payloadEnd;
      } else {
        r.skip(tag & 7);
      }
    }
  }

  /** Two passes over a ScopeSpans: its `scope` first (it may come last), then the spans. */
  private scopeSpans(start: number, end: number): void {
    const r = this.scopeSpansReader;
    const ranges = this.scopeRanges;
    ranges.length = 0;
    this.scopeSchemaUrl.length = 0;
    let spans = 0;
    r.reset(this.body, start, end);
    while (r.pos < r.end) {
      const tag = r.tag();
      const field = tag >>> 3;
      if (field === SCOPE || field === SPANS || field === SCHEMA_URL) {
        expectFraming(tag, 'ScopeSpans');
        const payloadEnd = r.lenEnd();
        if (field === SCOPE) ranges.push(r.pos, payloadEnd);
        else if (field === SPANS) spans++;
        else lastRange(this.scopeSchemaUrl, r.pos, payloadEnd);
        r.pos = payloadEnd;
      } else {
        r.skip(tag & 7);
      }
    }
    if (spans === 0) return;
    this.prepareContext();
    r.reset(this.body, start, end);
    while (r.pos < r.end) {
      const tag = r.tag();
      if (tag >>> 3 === SPANS) {
        const payloadEnd = r.lenEnd();
        this.span(r.pos, payloadEnd);
        r.pos = payloadEnd;
      } else {
        r.skip(tag & 7);
      }
    }
  }

  /**
   * Encodes the context of the current ScopeSpans (store/DESIGN.md, "Encoded context"): the raw
   * Resource bytes as field 1, the raw InstrumentationScope bytes as field 2 and the schema URLs
   * as fields 5 and 6. Repeated occurrences of a message are concatenated, which is how protobuf
   * merges a message field.
   */
  private prepareContext(): void {
    const w = this.context;
    w.reset();
    writeMerged(w, CONTEXT_RESOURCE, this.body, this.resourceRanges);
    writeMerged(w, CONTEXT_SCOPE, this.body, this.scopeRanges);
    writeMerged(w, CONTEXT_RESOURCE_SCHEMA_URL, this.body, this.resourceSchemaUrl);
    writeMerged(w, CONTEXT_SCOPE_SCHEMA_URL, this.body, this.scopeSchemaUrl);
    this.contextProblem = contextProblem(w, this.serviceName);
    if (this.contextProblem !== null) return;
    this.contextId = this.builder.internContext(w.buf, 0, w.pos);
    this.serviceId = this.builder.internString(this.serviceName);
  }

  /** Decodes one Span into a new row, then commits or rejects it. */
  private span(start: number, end: number): void {
    const b = this.builder;
    const buf = this.body;
    const r = this.spanReader;
    r.reset(buf, start, end);
    const row = b.beginRow();
    const extrasStart = b.extras.pos;
    let traceIdBytes = 0;
    let spanIdBytes = 0;
    let parentIdBytes = 0;
    let nameStart = 0;
    let nameEnd = 0;
    let kind = 0;
    let statusCode = 0;
    // Consecutive extras fields are copied as one range.
    let copyStart = 0;
    let copyEnd = 0;
    while (r.pos < r.end) {
      const at = r.pos;
      const tag = r.tag();
      switch (tag) {
        case TRACE_ID: {
          const idEnd = r.lenEnd();
          traceIdBytes = idEnd - r.pos;
          if (traceIdBytes === TRACE_ID_BYTES)
            copyId(buf, r.pos, b.traceIds, row * TRACE_ID_BYTES, TRACE_ID_BYTES);
          r.pos = idEnd;
          continue;
        }
        case SPAN_ID: {
          const idEnd = r.lenEnd();
          spanIdBytes = idEnd - r.pos;
          if (spanIdBytes === SPAN_ID_BYTES)
            copyId(buf, r.pos, b.spanIds, row * SPAN_ID_BYTES, SPAN_ID_BYTES);
          r.pos = idEnd;
          continue;
        }
        case PARENT_SPAN_ID: {
          const idEnd = r.lenEnd();
          parentIdBytes = idEnd - r.pos;
          if (parentIdBytes === SPAN_ID_BYTES)
            copyId(buf, r.pos, b.parentSpanIds, row * SPAN_ID_BYTES, SPAN_ID_BYTES);
          else b.parentSpanIds.fill(0, row * SPAN_ID_BYTES, (row + 1) * SPAN_ID_BYTES);
          r.pos = idEnd;
          continue;
        }
        case NAME:
          nameEnd = r.lenEnd();
          nameStart = r.pos;
          r.pos = nameEnd;
          continue;
        case KIND:
          kind = r.uint32();
          continue;
        case START_TIME:
          b.starts[2 * row] = r.fixed32();
          b.starts[2 * row + 1] = r.fixed32();
          continue;
        case END_TIME:
          b.ends[2 * row] = r.fixed32();
          b.ends[2 * row + 1] = r.fixed32();
          continue;
        case TRACE_STATE:
        case ATTRIBUTES:
        case EVENTS:
        case LINKS:
          r.pos = r.lenEnd();
          break;
        case DROPPED_ATTRIBUTES:
        case DROPPED_EVENTS:
        case DROPPED_LINKS:
          r.skip(WireType.Varint);
          break;
        case STATUS: {
          const statusEnd = r.lenEnd();
          statusCode = this.statusCode(r.pos, statusEnd);
          r.pos = statusEnd;
          break;
        }
        case FLAGS:
          b.flags[row] = r.fixed32();
          continue;
        default:
          skipUnknownSpanField(r, tag);
          continue;
      }
      // An extras field: extend the pending copy or flush it and start another.
      if (at !== copyEnd) {
        if (copyEnd > copyStart) b.writeExtras(buf, copyStart, copyEnd);
        copyStart = at;
      }
      copyEnd = r.pos;
    }
    if (copyEnd > copyStart) b.writeExtras(buf, copyStart, copyEnd);

    const problem =
      this.contextProblem ??
      idProblem(b.traceIds, row * TRACE_ID_BYTES, traceIdBytes, TRACE_ID_BYTES, 'trace_id') ??
      idProblem(b.spanIds, row * SPAN_ID_BYTES, spanIdBytes, SPAN_ID_BYTES, 'span_id') ??
      parentProblem(parentIdBytes) ??
      kindProblem(kind) ??
      statusProblem(statusCode) ??
      timeProblem(b.starts, b.ends, row) ??
      extrasProblem(b.extras.buf, extrasStart, b.extras.pos);
    const nameId = problem === null ? this.internName(nameStart, nameEnd) : -1;
    if (nameId < 0) {
      b.abortRow();
      this.tally.reject(this.tally.seen, problem ?? nameProblem(nameEnd - nameStart));
      return;
    }
    b.kinds[row] = kind;
    b.statusCodes[row] = statusCode;
    b.names[row] = nameId;
    b.services[row] = this.serviceId;
    b.contextIds[row] = this.contextId;
    b.commitRow();
    this.tally.accepted++;
  }

  /**
   * The string-table index of the span name `body[start, end)`, or -1 when it is too long or not
   * UTF-8.
   */
  private internName(start: number, end: number): number {
    if (end - start > MAX_NAME_BYTES) return -1;
    let name: string;
    try {
      name = spanNames.decode(this.body, start, end);
    } catch (err) {
      if (err instanceof ProtoError) return -1;
      throw err;
    }
    return this.builder.internString(name);
  }

  /** The code of the `Status` message at `body[start, end)`, or -1 when it is malformed. */
  private statusCode(start: number, end: number): number {
    const r = this.nestedReader;
    r.reset(this.body, start, end);
    let code = 0;
    try {
      while (r.pos < r.end) {
        const tag = r.tag();
        if (tag === STATUS_CODE) code = r.uint32();
        else r.skip(tag & 7);
      }
    } catch (err) {
      if (err instanceof ProtoError) return -1;
      throw err;
    }
    return code;
  }
}

/** Throws unless a framing field (a message in the request tree) is length-delimited. */
function expectFraming(tag: number, message: string): void {
  if ((tag & 7) !== WireType.Len)
    throw new OtlpDecodeError(`${message} field ${tag >>> 3} has wire type ${tag & 7}, expected 2`);
}

/** Skips an unknown Span field; a known one with another wire type breaks the request. */
function skipUnknownSpanField(r: ProtoReader, tag: number): void {
  const field = tag >>> 3;
  if (field < SPAN_WIRE_TYPES.length)
    throw new OtlpDecodeError(
      `Span field ${field} has wire type ${tag & 7}, expected ${SPAN_WIRE_TYPES[field]}`,
    );
  r.skip(tag & 7);
}

/** Keeps only [start, end) in `range`: of a string field given twice, the last wins. */
function lastRange(range: number[], start: number, end: number): void {
  range.length = 0;
  // An empty string is proto3's default: stored as absent.
  if (end > start) range.push(start, end);
}

/** Writes `body` ranges [s0, e0, s1, e1, ...] as one length-delimited field (nothing if none). */
function writeMerged(w: ProtoWriter, field: number, body: Uint8Array, ranges: readonly number[]): void {
  if (ranges.length === 0) return;
  let length = 0;
  for (let k = 0; k < ranges.length; k += 2) length += ranges[k + 1]! - ranges[k]!;
  w.tag(field, WireType.Len);
  w.uint32(length);
  for (let k = 0; k < ranges.length; k += 2) w.raw(body, ranges[k]!, ranges[k + 1]!);
}

/** Copies an id; for 8 and 16 bytes a loop beats `set(subarray)` (measured ~1.7x: no view to allocate). */
function copyId(src: Uint8Array, from: number, dst: Uint8Array, to: number, n: number): void {
  for (let k = 0; k < n; k++) dst[to + k] = src[from + k]!;
}
