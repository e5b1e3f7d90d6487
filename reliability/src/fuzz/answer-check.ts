/**
 * What a well-formed ingest answer is (OTLP/HTTP): 200 with an `ExportTraceServiceResponse`, or
 * 400/413/415 with a `google.rpc.Status` (JSON error for a non-OTLP content type) whose message
 * starts with an `LT_` code; in the request's encoding, and never with a stack trace.
 */
import { leakedInternals } from '../security/leaks.js';
import { parseMessage, WireFormatError } from './proto-tree.js';

/** Statuses an ingest request may get from a healthy collector that is not overloaded. */
export const INGEST_STATUSES = new Set([200, 400, 413, 415]);

/** What one answer said, decoded. */
export interface IngestAnswer {
  status: number;
  /** Spans refused in a 200 (partial success), else 0. */
  rejected: number;
  /** The `LT_` code of an error answer, else null. */
  code: string | null;
}

/**
 * Decodes and checks an answer to a request of `format` (null when the content type was not an
 * OTLP one). @returns the decoded answer, or a reason why it is not well-formed.
 */
export function checkIngestAnswer(
  format: 'protobuf' | 'json' | null,
  status: number,
  body: Buffer,
): IngestAnswer | string {
  if (!INGEST_STATUSES.has(status)) return `status ${status}: ${body.toString('utf8').slice(0, 200)}`;
  const leak = leakedInternals(body);
  if (leak !== null) return `internals in the answer (${leak}): ${body.toString('utf8').slice(0, 200)}`;
  try {
    if (status === 200) return { status, rejected: rejectedOf(format, body), code: null };
    const message = errorMessageOf(format, body);
    const code = /^(LT_[A-Z_]+)/.exec(message)?.[1];
    if (code === undefined) return `error ${status} without an LT_ code: ${message.slice(0, 200)}`;
    return { status, rejected: 0, code };
  } catch (err) {
    return `undecodable ${status} answer: ${(err as Error).message}`;
  }
}

function rejectedOf(format: 'protobuf' | 'json' | null, body: Buffer): number {
  if (format === 'json') {
    const o = JSON.parse(body.toString('utf8')) as {
      partialSuccess?: { rejectedSpans?: string; errorMessage?: string };
    };
    const p = o.partialSuccess;
    if (p === undefined) return 0;
    if (p.errorMessage === undefined || p.errorMessage === '')
      throw new Error('partial success without a message');
    return Number(p.rejectedSpans ?? 0);
  }
  const partial = parseMessage(body, 'Response').fields.find((f) => f.no === 1)?.message;
  if (partial === undefined) return 0;
  const rejected = Number(partial.fields.find((f) => f.no === 1)?.num ?? 0n);
  if (!partial.fields.some((f) => f.no === 2)) throw new Error('partial success without a message');
  return rejected;
}

function errorMessageOf(format: 'protobuf' | 'json' | null, body: Buffer): string {
  if (format === null) {
    const o = JSON.parse(body.toString('utf8')) as { error?: { code?: string; message?: string } };
    return `${o.error?.code ?? ''}: ${o.error?.message ?? ''}`;
  }
  if (format === 'json') return (JSON.parse(body.toString('utf8')) as { message?: string }).message ?? '';
  const message = parseMessage(body, 'RpcStatus').fields.find((f) => f.no === 2)?.bytes;
  if (message === undefined) throw new WireFormatError('google.rpc.Status without a message');
  return Buffer.from(message).toString('utf8');
}
