/**
 * The collector's error catalogue: its own codes, and the HTTP status of every code a response
 * can carry (the store's included). Clients switch on `code`, never on the message.
 */
import { ErrorCode, LaptimeError } from '@laptime/store';
import { OtlpDecodeError } from './otlp/index.js';

/** Codes the collector itself raises. Never renamed once published; new ones may be added. */
export const CollectorErrorCode = {
  /** A token is configured and the request carries no `Authorization: Bearer` or a wrong one. */
  Unauthorized: 'LT_UNAUTHORIZED',
  /** The request body is unreadable (broken gzip, aborted upload). */
  BadRequest: 'LT_BAD_REQUEST',
  /** The body, compressed or decompressed, is larger than the configured maximum. */
  PayloadTooLarge: 'LT_PAYLOAD_TOO_LARGE',
  /** Neither protobuf nor JSON, or an encoding other than gzip and identity. */
  UnsupportedMediaType: 'LT_UNSUPPORTED_MEDIA_TYPE',
  /** The ingest queue is full; retry after the `Retry-After` seconds. */
  Throttled: 'LT_THROTTLED',
  /** The store is not open or not accepting writes (starting, closing, failed). */
  Unavailable: 'LT_UNAVAILABLE',
  /** The collector cannot listen on its host and port (in use, not permitted, unknown host). */
  Listen: 'LT_LISTEN',
  /** A bad configuration value (environment variable or flag). */
  Config: 'LT_CONFIG',
  /** The route exists but not for this method (`GET /v1/traces`); the `Allow` header lists the methods. */
  MethodNotAllowed: 'LT_METHOD_NOT_ALLOWED',
  /** A bug or an unexpected failure; the message says what failed. */
  Internal: 'LT_INTERNAL',
  /** A TraceQL query (Tempo API) outside the subset Laptime answers; the message lists it. */
  UnsupportedQuery: 'LT_UNSUPPORTED_QUERY',
} as const;

export type CollectorErrorCode = (typeof CollectorErrorCode)[keyof typeof CollectorErrorCode];

/** Every code a collector response can carry. */
export type ResponseCode = CollectorErrorCode | ErrorCode | OtlpDecodeError['code'];

/** HTTP status of each code. */
export const STATUS_OF_CODE: Readonly<Record<ResponseCode, number>> = {
  LT_UNAUTHORIZED: 401,
  LT_BAD_REQUEST: 400,
  LT_PAYLOAD_TOO_LARGE: 413,
  LT_UNSUPPORTED_MEDIA_TYPE: 415,
  LT_THROTTLED: 429,
  LT_UNAVAILABLE: 503,
  LT_LISTEN: 500,
  LT_CONFIG: 500,
  LT_METHOD_NOT_ALLOWED: 405,
  LT_INTERNAL: 500,
  LT_UNSUPPORTED_QUERY: 400,
  LT_OTLP_DECODE: 400,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Expired]: 410,
  [ErrorCode.Ambiguous]: 400,
  [ErrorCode.InvalidArgument]: 400,
  [ErrorCode.InvalidRow]: 400,
  [ErrorCode.Overloaded]: 503,
  [ErrorCode.CheckpointBehind]: 503,
  [ErrorCode.NoSpace]: 503,
  [ErrorCode.PoolExhausted]: 503,
  [ErrorCode.Closed]: 503,
  [ErrorCode.Locked]: 503,
  [ErrorCode.Io]: 500,
  [ErrorCode.Corrupt]: 500,
  [ErrorCode.FormatVersion]: 500,
  [ErrorCode.ReadOnly]: 500,
};

/** Seconds a client is asked to wait before retrying a transient refusal. */
export const RETRY_AFTER_SECONDS = 1;

/** Codes that mean "try again shortly": their responses carry `Retry-After`. */
const TRANSIENT = new Set<ResponseCode>([
  CollectorErrorCode.Throttled,
  CollectorErrorCode.Unavailable,
  ErrorCode.Overloaded,
  ErrorCode.CheckpointBehind,
  ErrorCode.NoSpace,
  ErrorCode.PoolExhausted,
  ErrorCode.Closed,
]);

/** An error with a stable code, its HTTP status, and how long to wait before retrying, if at all. */
export class CollectorError extends Error {
  readonly code: ResponseCode;
  readonly status: number;
  /** Seconds for `Retry-After`, or null when retrying will not help. */
  readonly retryAfter: number | null;

  constructor(code: ResponseCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CollectorError';
    this.code = code;
    this.status = STATUS_OF_CODE[code];
    this.retryAfter = TRANSIENT.has(code) ? RETRY_AFTER_SECONDS : null;
  }
}

/** A method the route does not take; `allow` goes out as the `Allow` header. */
export class MethodNotAllowedError extends CollectorError {
  constructor(
    readonly allow: readonly string[],
    method: string,
    path: string,
  ) {
    super(CollectorErrorCode.MethodNotAllowed, `${path} takes ${allow.join(', ')}, not ${method}`);
    this.name = 'MethodNotAllowedError';
  }
}

/** A bad configuration value; the message names the variable or flag and the value. */
export class ConfigError extends CollectorError {
  constructor(message: string) {
    super(CollectorErrorCode.Config, message);
    this.name = 'ConfigError';
  }
}

/**
 * Any thrown value as a CollectorError: typed store and decoder errors keep their code, anything
 * marked as a client error by express becomes LT_BAD_REQUEST, anything else LT_INTERNAL (its message kept, its stack never sent).
 */
export function toCollectorError(err: unknown): CollectorError {
  if (err instanceof CollectorError) return err;
  if (err instanceof LaptimeError || err instanceof OtlpDecodeError)
    return new CollectorError(err.code, err.message, { cause: err });
  const message = err instanceof Error ? err.message : String(err);
  // express and its parsers mark client errors (a malformed URL escape, ...) with a 4xx status.
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500)
    return new CollectorError(CollectorErrorCode.BadRequest, message, { cause: err });
  return new CollectorError(CollectorErrorCode.Internal, `unexpected failure: ${message}`, { cause: err });
}
