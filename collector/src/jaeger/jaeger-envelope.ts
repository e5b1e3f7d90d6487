/**
 * Jaeger's response envelope `{data, total, limit, offset, errors}`, for answers and errors; an
 * error also carries Laptime's own `error: {code, message}` (API.md), so both kinds of client read it.
 */
import type { NextFunction, Request, Response } from 'express';
import { toCollectorError } from '../errors.js';

export function sendData(res: Response, data: unknown[] | null): void {
  res.json({ data, total: data?.length ?? 0, limit: 0, offset: 0, errors: null });
}

/** Error middleware of the Jaeger routes. */
export function jaegerErrors(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  const e = toCollectorError(err);
  if (e.status >= 500) return next(err);
  res.status(e.status).json({
    data: null,
    total: 0,
    limit: 0,
    offset: 0,
    errors: [{ code: e.status, msg: e.message }],
    error: { code: e.code, message: e.message },
  });
}
