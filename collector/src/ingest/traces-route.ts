/**
 * POST /v1/traces: OTLP/HTTP ingest. Admission (the ingest queue), body (size-capped, gzip
 * streamed), decoding into a row batch, one durable append, and the OTLP response in the
 * request's encoding. 200 only once the store acknowledged the spans.
 */
import type { Request, Response } from 'express';
import { RowBatchBuilder } from '@laptime/store';
import type { CollectorContext } from '../context.js';
import { CollectorError, CollectorErrorCode } from '../errors.js';
import {
  decodeTraceRequestJsonSliced,
  decodeTraceRequestProto,
  encodeExportResponse,
} from '../otlp/index.js';
import type { DecodeResult, OtlpFormat, PartialSuccess } from '../otlp/index.js';
import { queueFull, readBody } from './read-body.js';
import { bodyEncodingOf, otlpFormatOf } from './media-type.js';

const CONTENT_TYPE: Record<OtlpFormat, string> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

/** The express handler of POST /v1/traces. */
export function tracesRoute(ctx: CollectorContext): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    const { counters } = ctx;
    counters.requests++;
    try {
      const format = otlpFormatOf(req.get('content-type'));
      if (format === null) {
        throw new CollectorError(
          CollectorErrorCode.UnsupportedMediaType,
          `Content-Type must be application/x-protobuf or application/json, got '${req.get('content-type') ?? ''}'`,
        );
      }
      const encoding = bodyEncodingOf(req.get('content-encoding'));
      if (encoding === null) {
        throw new CollectorError(
          CollectorErrorCode.UnsupportedMediaType,
          `Content-Encoding must be gzip or identity, got '${req.get('content-encoding') ?? ''}'`,
        );
      }
      const unready = ctx.health.notReadyReason();
      if (unready !== null) throw new CollectorError(CollectorErrorCode.Unavailable, unready);
      const declared = declaredLength(req);
      const ticket = ctx.queue.tryAdmit(encoding === 'identity' ? (declared ?? 0) : 0);
      if (ticket === null) throw queueFull();
      try {
        const body = await readBody(req, {
          maxBytes: ctx.config.maxBody,
          encoding,
          ...(declared === undefined ? {} : { declaredBytes: declared }),
          hold: (n) => {
            if (!ticket.hold(n)) return false;
            counters.bodyBytes += n;
            return true;
          },
        });
        if (!ticket.process()) throw queueFull();
        const result = await ingest(ctx, format, body);
        res
          .status(200)
          .type(CONTENT_TYPE[format])
          .send(Buffer.from(encodeExportResponse(format, partialOf(result))));
      } finally {
        ticket.release();
      }
    } catch (err) {
      if (err instanceof CollectorError && err.code === CollectorErrorCode.Throttled) counters.throttled++;
      counters.failed++;
      throw err;
    }
  };
}

/** Decodes and appends; resolves once the accepted spans are durable. */
async function ingest(ctx: CollectorContext, format: OtlpFormat, body: Buffer): Promise<DecodeResult> {
  const builder = new RowBatchBuilder();
  // Spans starting too far ahead are refused one by one (partial success), not the whole batch.
  builder.futureLimit = ctx.store.futureLimit();
  // An empty body is an empty request in either encoding.
  if (body.length === 0) return { accepted: 0, rejected: 0, errors: [] };
  // JSON is decoded in slices that give the event loop back: its cost per byte is the higher.
  const result =
    format === 'protobuf'
      ? decodeTraceRequestProto(body, builder)
      : await decodeTraceRequestJsonSliced(body, builder);
  ctx.counters.spansReceived += result.accepted + result.rejected;
  ctx.counters.spansRejected += result.rejected;
  if (result.accepted > 0) {
    try {
      // The decoders check every row with the store's own checks.
      await ctx.store.append(builder.finish(), { validated: true });
    } catch (err) {
      // A fatal storage error starts a reopen from disk; /readyz says so meanwhile.
      ctx.supervisor.noteFailure();
      throw err;
    }
    ctx.counters.spansAccepted += result.accepted;
  }
  return result;
}

function partialOf(result: DecodeResult): PartialSuccess | undefined {
  if (result.rejected === 0) return undefined;
  const more = result.rejected > result.errors.length ? '; ...' : '';
  return { rejectedSpans: result.rejected, errorMessage: result.errors.join('; ') + more };
}

function declaredLength(req: Request): number | undefined {
  const raw = req.get('content-length');
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  return Number(raw);
}
