/**
 * A request body that cannot be decoded as an OTLP `ExportTraceServiceRequest`: broken protobuf
 * framing, a wrong wire type where the message tree needs another, truncation, or invalid JSON.
 * The whole request is refused (HTTP 400, not retried); single bad spans are counted as
 * rejections instead (partial success).
 */
export class OtlpDecodeError extends Error {
  /** Stable code for the collector's error responses; switch on it, not on the message. */
  readonly code = 'LT_OTLP_DECODE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OtlpDecodeError';
  }
}
