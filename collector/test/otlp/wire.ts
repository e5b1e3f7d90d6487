/**
 * Hand-made protobuf for tests: every function returns the bytes of one field (key and value),
 * so a message is the concatenation of its fields and bad bytes are easy to write.
 */
import { ProtoWriter, WireType } from '@laptime/store';

export function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

/** Room for any varint or fixed value; the writer grows for longer fields. */
const SCRATCH_BYTES = 16;

function encode(write: (w: ProtoWriter) => void): Uint8Array {
  const w = new ProtoWriter(SCRATCH_BYTES);
  write(w);
  return w.finish();
}

/** A varint on its own (lengths, keys). */
export function varint(v: bigint): Uint8Array {
  return encode((w) => w.uint64(v));
}

/** A field key with any wire type, even an invalid one. */
export function key(field: number, wireType: number): Uint8Array {
  return varint(BigInt(field * 8 + wireType));
}

/** A length-delimited field holding `parts` (a sub-message, or raw bytes). */
export function len(field: number, ...parts: Uint8Array[]): Uint8Array {
  const payload = concat(...parts);
  return concat(key(field, WireType.Len), varint(BigInt(payload.length)), payload);
}

export function str(field: number, s: string): Uint8Array {
  return len(field, Buffer.from(s, 'utf8'));
}

export function varintField(field: number, v: bigint | number): Uint8Array {
  return concat(key(field, WireType.Varint), varint(BigInt.asUintN(64, BigInt(v))));
}

export function fixed64Field(field: number, v: bigint): Uint8Array {
  return concat(
    key(field, WireType.Fixed64),
    encode((w) => w.fixed64Big(v)),
  );
}

export function fixed32Field(field: number, v: number): Uint8Array {
  return concat(
    key(field, WireType.Fixed32),
    encode((w) => w.fixed32(v)),
  );
}

/** A `KeyValue` with a string value, as a repeated field `field`. */
export function stringAttribute(field: number, k: string, v: string): Uint8Array {
  return len(field, str(1, k), len(2, str(1, v)));
}

export interface SpanFields {
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  parentSpanId?: Uint8Array;
  name?: string;
  start?: bigint;
  end?: bigint;
  /** Further Span fields, appended as they are. */
  extra?: Uint8Array[];
}

export const TRACE_ID = Uint8Array.from({ length: 16 }, (_, k) => k + 1);
export const SPAN_ID = Uint8Array.from({ length: 8 }, (_, k) => 0xa0 + k);

/** A valid Span (fields 1, 2, 5, 7, 8, ...) unless the overrides break it. */
export function span(fields: SpanFields = {}): Uint8Array {
  return concat(
    len(1, fields.traceId ?? TRACE_ID),
    len(2, fields.spanId ?? SPAN_ID),
    ...(fields.parentSpanId === undefined ? [] : [len(4, fields.parentSpanId)]),
    str(5, fields.name ?? 'op'),
    fixed64Field(7, fields.start ?? 1_000n),
    fixed64Field(8, fields.end ?? 2_000n),
    ...(fields.extra ?? []),
  );
}

/** An ExportTraceServiceRequest with one resource (service `svc`) and one scope holding `spans`. */
export function request(...spans: Uint8Array[]): Uint8Array {
  return len(
    1,
    len(1, stringAttribute(1, 'service.name', 'svc')),
    len(2, len(1, str(1, 'scope')), ...spans.map((s) => len(2, s))),
  );
}
