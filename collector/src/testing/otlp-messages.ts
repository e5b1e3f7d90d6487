/**
 * Which fields of OTLP/HTTP trace export messages hold messages: enough of the schema for a test
 * to walk a request or an answer on the wire without the collector's decoder.
 */

/** The message types of a trace request and of the answers to it, by name. */
export type OtlpMessageType =
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
  | 'KeyValueList'
  | 'Response'
  | 'PartialSuccess'
  | 'RpcStatus';

/** Field number to message type, for the fields of one message that are messages. */
type SubMessages = Partial<Record<number, OtlpMessageType>>;

/**
 * For each message type, its fields that are messages (OTLP trace.proto, common.proto,
 * trace_service.proto; RpcStatus is google.rpc.Status, whose details stay bytes).
 */
export const OTLP_SUB_MESSAGES: Readonly<Record<OtlpMessageType, SubMessages>> = {
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
  Response: { 1: 'PartialSuccess' },
  PartialSuccess: {},
  RpcStatus: {},
};
