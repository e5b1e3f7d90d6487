/**
 * OTLP/HTTP response bodies, in the request's format: `ExportTraceServiceResponse` for a 200,
 * `google.rpc.Status` for every 4xx/5xx.
 */
import { InvalidArgumentError, ProtoWriter, WireType } from '@laptime/store';

/** The two OTLP/HTTP encodings; a response uses the request's. */
export type OtlpFormat = 'protobuf' | 'json';

/** The gRPC status codes an OTLP/HTTP receiver puts in `google.rpc.Status.code`. */
export const RpcCode = {
  InvalidArgument: 3,
  ResourceExhausted: 8,
  Internal: 13,
  Unavailable: 14,
  Unauthenticated: 16,
} as const;

/** Spans of an accepted request that were dropped, and why. */
export interface PartialSuccess {
  /** A non-negative integer. */
  rejectedSpans: number;
  errorMessage: string;
}

/** A `google.rpc.Status` without details (OTLP receivers need none). */
export interface RpcStatus {
  code: number;
  message: string;
}

// ExportTraceServiceResponse.partial_success; ExportTracePartialSuccess.rejected_spans, error_message.
const PARTIAL_SUCCESS = 1;
const REJECTED_SPANS = 1;
const ERROR_MESSAGE = 2;
// google.rpc.Status.code, message.
const STATUS_CODE = 1;
const STATUS_MESSAGE = 2;

const utf8 = new TextEncoder();

/**
 * An `ExportTraceServiceResponse`. `partial_success` is left unset when nothing was rejected and
 * there is no message, as the specification asks of a full success.
 *
 * @throws InvalidArgumentError when `rejectedSpans` is not a non-negative integer.
 */
export function encodeExportResponse(format: OtlpFormat, partial?: PartialSuccess): Uint8Array {
  const rejected = partial === undefined ? 0 : checkCount(partial.rejectedSpans);
  const message = partial?.errorMessage ?? '';
  const empty = rejected === 0 && message === '';
  if (format === 'json') {
    // proto3 JSON writes int64 as a decimal string.
    const body = empty ? {} : { partialSuccess: { rejectedSpans: String(rejected), errorMessage: message } };
    return utf8.encode(JSON.stringify(body));
  }
  const w = new ProtoWriter();
  if (!empty) {
    w.tag(PARTIAL_SUCCESS, WireType.Len);
    const mark = w.fork();
    if (rejected !== 0) {
      w.tag(REJECTED_SPANS, WireType.Varint);
      w.int64(BigInt(rejected));
    }
    if (message !== '') {
      w.tag(ERROR_MESSAGE, WireType.Len);
      w.string(message);
    }
    w.join(mark);
  }
  return w.finish();
}

/** A `google.rpc.Status`, the body of every OTLP/HTTP error response. */
export function encodeRpcStatus(format: OtlpFormat, status: RpcStatus): Uint8Array {
  if (format === 'json') return utf8.encode(JSON.stringify({ code: status.code, message: status.message }));
  const w = new ProtoWriter();
  if (status.code !== 0) {
    w.tag(STATUS_CODE, WireType.Varint);
    // int32: a negative code takes ten bytes, as protobuf encodes negative int32 values.
    w.int64(BigInt(status.code | 0));
  }
  if (status.message !== '') {
    w.tag(STATUS_MESSAGE, WireType.Len);
    w.string(status.message);
  }
  return w.finish();
}

function checkCount(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new InvalidArgumentError(`rejectedSpans must be a count, not ${n}`);
  return n;
}
