/**
 * The one error handler: a stable code, a fitting status, `Retry-After` for transient refusals,
 * never a stack trace. Ingest errors are OTLP `google.rpc.Status` bodies in the request's
 * encoding (what OTLP clients read); every other route answers `{"error": {code, message}}`.
 */
import type { NextFunction, Request, Response } from 'express';
import { ErrorCode } from '@laptime/store';
import { CollectorError, CollectorErrorCode, MethodNotAllowedError, toCollectorError } from './errors.js';
import { otlpFormatOf } from './ingest/media-type.js';
import { RpcCode, encodeRpcStatus } from './otlp/index.js';

/** Where OTLP clients post; its errors follow OTLP/HTTP. */
export const OTLP_TRACES_PATH = '/v1/traces';

function rpcCodeOf(status: number): number {
  if (status === 401) return RpcCode.Unauthenticated;
  if (status === 413 || status === 429) return RpcCode.ResourceExhausted;
  if (status === 503) return RpcCode.Unavailable;
  if (status >= 500) return RpcCode.Internal;
  return RpcCode.InvalidArgument;
}

/** Express error middleware (four parameters: express tells error handlers by their arity). */
export function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  const e: CollectorError = toCollectorError(err);
  if (e.code === CollectorErrorCode.Internal)
    console.error(`laptime: ${req.method} ${req.path}: ${e.message}`);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.status(e.status);
  if (e.retryAfter !== null) res.set('Retry-After', String(e.retryAfter));
  if (e instanceof MethodNotAllowedError) res.set('Allow', e.allow.join(', '));
  // A refused upload may still be streaming in: do not keep reading it for the next request.
  if (e.code === CollectorErrorCode.PayloadTooLarge) res.set('Connection', 'close');
  const format = req.path === OTLP_TRACES_PATH ? otlpFormatOf(req.get('content-type')) : null;
  if (format === null) {
    res.json({ error: { code: e.code, message: e.message } });
    return;
  }
  const body = encodeRpcStatus(format, { code: rpcCodeOf(e.status), message: `${e.code}: ${e.message}` });
  res.type(format === 'json' ? 'application/json' : 'application/x-protobuf').send(Buffer.from(body));
}

/** A handler for every other method of a route that takes only `allow`: 405 with `Allow`. */
export function methodNotAllowed(allow: readonly string[]) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    next(new MethodNotAllowedError(allow, req.method, req.path));
  };
}

/** The fallback route: 404 LT_NOT_FOUND for anything no route answered. */
export function notFound(req: Request, _res: Response, next: NextFunction): void {
  next(new CollectorError(ErrorCode.NotFound, `no route ${req.method} ${req.path}`));
}
