/**
 * Adds unknown fields of every wire type at the start and the end of every message of a
 * request (the request itself, ResourceSpans, Span, KeyValue, AnyValue, ...): what a newer
 * sender's request looks like to a decoder built against today's protos.
 */
import { ProtoReader, WireType } from '@laptime/store';
import { OTLP_SUB_MESSAGES, type OtlpMessageType } from '../../src/testing/index.js';
import { concat, fixed32Field, fixed64Field, len, str, varintField } from './wire.js';

/** One unknown field of each wire type; 1000 is ResourceSpans' retired instrumentation_library_spans. */
const UNKNOWN = concat(
  varintField(1999, 7n),
  str(1998, 'from a newer proto'),
  fixed32Field(1997, 0xdeadbeef),
  fixed64Field(1996, 2n ** 63n),
  len(1000, str(1, 'old'), varintField(2, 1)),
);

/** `bytes`, a message of type `type`, with unknown fields added at every level. */
export function withUnknownFields(bytes: Uint8Array, type: OtlpMessageType = 'Request'): Uint8Array {
  const r = new ProtoReader(bytes);
  const parts: Uint8Array[] = [UNKNOWN];
  while (r.pos < r.end) {
    const start = r.pos;
    const tag = r.tag();
    const field = tag >>> 3;
    const sub = OTLP_SUB_MESSAGES[type][field];
    if ((tag & 7) === WireType.Len && sub !== undefined) {
      const end = r.lenEnd();
      parts.push(len(field, withUnknownFields(bytes.subarray(r.pos, end), sub)));
      r.pos = end;
    } else {
      r.skip(tag & 7);
      parts.push(bytes.subarray(start, r.pos));
    }
  }
  parts.push(UNKNOWN);
  return concat(...parts);
}
