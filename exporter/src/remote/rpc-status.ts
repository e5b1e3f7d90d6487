import { ProtoReader, WireType } from '@laptime/store';

/** `google.rpc.Status.message` field number. */
const STATUS_MESSAGE_FIELD = 2;
/** Longest message quoted in an error: collector messages are one sentence. */
const MAX_MESSAGE_CHARS = 500;

/**
 * The human message of a collector's error body: a protobuf `google.rpc.Status` (what OTLP/HTTP
 * sends for a protobuf request) or JSON (`{"message"}` or `{"error": {"message"}}`). Undefined
 * when the body has none, so callers fall back to the status line.
 */
export function errorBodyMessage(body: Uint8Array, contentType: string | undefined): string | undefined {
  if (body.length === 0) return undefined;
  const message = contentType?.includes('json') ? jsonMessage(body) : protobufMessage(body);
  return message === undefined || message === '' ? undefined : message.slice(0, MAX_MESSAGE_CHARS);
}

function protobufMessage(body: Uint8Array): string | undefined {
  try {
    const r = new ProtoReader(body);
    let message: string | undefined;
    while (!r.eof()) {
      const tag = r.tag();
      if (tag >>> 3 === STATUS_MESSAGE_FIELD && (tag & 7) === WireType.Len) message = r.string();
      else r.skip(tag & 7);
    }
    return message;
  } catch {
    return undefined;
  }
}

function jsonMessage(body: Uint8Array): string | undefined {
  try {
    const v = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.length).toString('utf8')) as {
      message?: unknown;
      error?: { message?: unknown };
    };
    const m = v.error?.message ?? v.message;
    return typeof m === 'string' ? m : undefined;
  } catch {
    return undefined;
  }
}
