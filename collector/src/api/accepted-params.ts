/**
 * Each API route declares the query parameters it takes: any other is a 400 naming it, so a typo
 * (`?windw=5m`, `?min_duration=`) is never silently answered with unfiltered data.
 */
import type { Request } from 'express';
import { ErrorCode } from '@laptime/store';
import { CollectorError } from '../errors.js';

/** Longest parameter name quoted back in an error: the rest is cut, so a message stays one line. */
const MAX_QUOTED_NAME = 64;

/**
 * Throws a 400 LT_INVALID_ARGUMENT naming every query parameter of `req` that is not in
 * `accepted`; called first thing by each API route.
 */
export function acceptParams(req: Request, accepted: readonly string[]): void {
  const unknown = Object.keys(req.query as Record<string, unknown>).filter((k) => !accepted.includes(k));
  if (unknown.length === 0) return;
  const takes = accepted.length === 0 ? 'no query parameters' : `only ${accepted.join(', ')}`;
  const names = unknown.map((k) => `'${k.length > MAX_QUOTED_NAME ? `${k.slice(0, MAX_QUOTED_NAME)}…` : k}'`);
  throw new CollectorError(
    ErrorCode.InvalidArgument,
    `unknown query parameter${unknown.length === 1 ? '' : 's'} ${names.join(', ')}: ${req.path} takes ${takes}`,
  );
}
