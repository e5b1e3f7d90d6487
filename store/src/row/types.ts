/**
 * The logical row: one flattened span, lossless. What goes into `Store.append` comes out of
 * `Store.fetch` equal (deepStrictEqual), field for field.
 */

/**
 * An attribute value, keeping its OTLP type:
 * string, boolean, int64 (`bigint`, any value in [-2^63, 2^63)), double (`number`),
 * bytes (`Uint8Array`), array, key-value list (plain object), or empty (`null`).
 */
export type AnyValue =
  string | boolean | bigint | number | Uint8Array | readonly AnyValue[] | KeyValueList | null;

/** A key-value list (OTLP `KeyValueList`, and every attribute map). Keys are unique. */
export interface KeyValueList {
  readonly [key: string]: AnyValue;
}

export type Attributes = KeyValueList;

/** OTLP span kinds (one higher than the OpenTelemetry JS API's `SpanKind`). */
export const SpanKind = {
  Unspecified: 0,
  Internal: 1,
  Server: 2,
  Client: 3,
  Producer: 4,
  Consumer: 5,
} as const;

/** OTLP status codes. */
export const StatusCode = { Unset: 0, Ok: 1, Error: 2 } as const;

export interface SpanEvent {
  timeUnixNano: bigint;
  name: string;
  attributes: Attributes;
  droppedAttributesCount: number;
}

export interface SpanLink {
  traceId: Uint8Array;
  spanId: Uint8Array;
  traceState: string;
  attributes: Attributes;
  droppedAttributesCount: number;
  flags: number;
}

export interface Row {
  /** 16 bytes, not all zero. */
  traceId: Uint8Array;
  /** 8 bytes, not all zero. */
  spanId: Uint8Array;
  /** 8 bytes, or null for a root span. */
  parentSpanId: Uint8Array | null;
  traceState: string;
  /** OTLP span flags (fixed32): W3C trace flags in bits 0-7, remote-parent bits 8-9. */
  flags: number;
  service: string;
  name: string;
  /** OTLP SpanKind, 0..5. */
  kind: number;
  /** Unix nanoseconds, exact. */
  startTimeUnixNano: bigint;
  /** Unix nanoseconds, exact; never before the start. */
  endTimeUnixNano: bigint;
  /** 0 unset, 1 ok, 2 error. */
  statusCode: number;
  statusMessage: string;
  attributes: Attributes;
  droppedAttributesCount: number;
  events: SpanEvent[];
  droppedEventsCount: number;
  links: SpanLink[];
  droppedLinksCount: number;
  resource: Attributes;
  droppedResourceAttributesCount: number;
  scopeName: string;
  scopeVersion: string;
  scopeAttributes: Attributes;
  droppedScopeAttributesCount: number;
  /**
   * OTLP `ResourceSpans.schema_url`. Optional so that rows built before it existed stay valid;
   * an empty URL is not stored, so it reads back absent.
   */
  resourceSchemaUrl?: string;
  /** OTLP `ScopeSpans.schema_url`; absent when empty, as `resourceSchemaUrl`. */
  scopeSchemaUrl?: string;
}

/**
 * A batch of rows in columnar form: the unit of `Store.append` and of a WAL record. Decoders
 * (the collector's OTLP decoder, `encodeRows`) fill one through a `RowBatchBuilder` without
 * building an object per row.
 *
 * Variable-length parts are kept in the store's encoded form (see store/DESIGN.md, "Encoded
 * extras" and "Encoded context"): protobuf wire format with field numbers that match OTLP, so an
 * OTLP decoder can copy field bytes verbatim.
 */
export interface RowBatch {
  readonly length: number;
  /** 16 bytes per row. */
  readonly traceIds: Uint8Array;
  /** 8 bytes per row. */
  readonly spanIds: Uint8Array;
  /** 8 bytes per row; all zero = root span. */
  readonly parentSpanIds: Uint8Array;
  /** Start time, two little-endian 32-bit words per row: [lo, hi]. */
  readonly starts: Uint32Array;
  /** End time, two little-endian 32-bit words per row: [lo, hi]. */
  readonly ends: Uint32Array;
  readonly flags: Uint32Array;
  readonly kinds: Uint8Array;
  readonly statusCodes: Uint8Array;
  /** Batch-local string table for service and span names. */
  readonly strings: readonly string[];
  /** Per row: index into `strings` of the service name. */
  readonly services: Uint32Array;
  /** Per row: index into `strings` of the span name. */
  readonly names: Uint32Array;
  /** Batch-local table of encoded contexts (resource + scope). */
  readonly contexts: readonly Uint8Array[];
  /** Per row: index into `contexts`. */
  readonly contextIds: Uint32Array;
  /** Encoded extras of every row, concatenated. */
  readonly extras: Uint8Array;
  /** Per row: end offset of its extras in `extras`; row i spans [i ? extrasEnd[i-1] : 0, extrasEnd[i]). */
  readonly extrasEnd: Uint32Array;
}
