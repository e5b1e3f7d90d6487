/**
 * Adds unknown fields of every wire type at the start and the end of every message of a
 * request (the request itself, ResourceSpans, Span, KeyValue, AnyValue, ...): what a newer
 * sender's request looks like to a decoder built against today's protos.
 */
import { ProtoReader, WireType } from '@laptime/store';
import { concat, fixed32Field, fixed64Field, len, str, varintField } from './wire.js';

type MessageType =
  | 'Request'
  | 'ResourceSpans'
  | 'Resource'
  | 'ScopeSpans'
  | 'Scope'
  | 'Span'
  | 'Event'
  | 'Link'
  | 'Status'
  | 'KeyValue'
  | 'AnyValue'
  | 'ArrayValue'
  | 'KeyValueList';

/** For each message, its fields that are messages (OTLP trace.proto, common.proto). */
const SUB_MESSAGES: Record<MessageType, Partial<Record<number, MessageType>>> = {
  Request: { 1: 'ResourceSpans' },
  ResourceSpans: { 1: 'Resource', 2: 'ScopeSpans' },
  Resource: { 1: 'KeyValue' },
  ScopeSpans: { 1: 'Scope', 2: 'Span' },
  Scope: { 3: 'KeyValue' },
  Span: { 9: 'KeyValue', 11: 'Event', 13: 'Link', 15: 'Status' },
  Event: { 3: 'KeyValue' },
  Link: { 4: 'KeyValue' },
  Status: {},
  KeyValue: { 2: 'AnyValue' },
  AnyValue: { 5: 'ArrayValue', 6: 'KeyValueList' },
  ArrayValue: { 1: 'AnyValue' },
  KeyValueList: { 1: 'KeyValue' },
};

/** One unknown field of each wire type; 1000 is ResourceSpans' retired instrumentation_library_spans. */
const UNKNOWN = concat(
  varintField(1999, 7n),
  str(1998, 'from a newer proto'),
  fixed32Field(1997, 0xdeadbeef),
  fixed64Field(1996, 2n ** 63n),
  len(1000, str(1, 'old'), varintField(2, 1)),
);

/** `bytes`, a message of type `type`, with unknown fields added at every level. */
export function withUnknownFields(bytes: Uint8Array, type: MessageType = 'Request'): Uint8Array {
  const r = new ProtoReader(bytes);
  const parts: Uint8Array[] = [UNKNOWN];
  while (r.pos < r.end) {
    const start = r.pos;
    const tag = r.tag();
    const field = tag >>> 3;
    const sub = SUB_MESSAGES[type][field];
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
