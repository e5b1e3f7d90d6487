/**
 * Bearer-token authentication. When a token is configured, every route but the health probes
 * needs `Authorization: Bearer <token>`; the comparison takes the same time whatever the guess.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { CollectorError, CollectorErrorCode } from './errors.js';

/** Routes open without a token: orchestrators probe them. */
const OPEN_PATHS = new Set(['/healthz', '/readyz']);

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** True when `presented` is the token; digests of equal length make timingSafeEqual applicable. */
export function tokenMatches(presented: string, expectedDigest: Buffer): boolean {
  return timingSafeEqual(digest(presented), expectedDigest);
}

/** Middleware that refuses requests without the token (401 with `WWW-Authenticate: Bearer`). */
export function requireToken(token: string): (req: Request, res: Response, next: NextFunction) => void {
  const expected = digest(token);
  return (req, res, next) => {
    if (OPEN_PATHS.has(req.path)) return next();
    const header = req.get('authorization') ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (m !== null && tokenMatches(m[1]!, expected)) return next();
    res.set('WWW-Authenticate', 'Bearer realm="laptime"');
    next(
      new CollectorError(
        CollectorErrorCode.Unauthorized,
        header === '' ? 'this collector needs Authorization: Bearer <token>' : 'the bearer token is wrong',
      ),
    );
  };
}
