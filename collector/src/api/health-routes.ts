/** GET /healthz (the process lives) and GET /readyz (the store takes spans). Never behind auth. */
import { Router } from 'express';
import type { CollectorContext } from '../context.js';
import { CollectorError, CollectorErrorCode } from '../errors.js';

export function healthRoutes(ctx: CollectorContext): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', (_req, res) => {
    const reason = ctx.health.notReadyReason();
    if (reason !== null) throw new CollectorError(CollectorErrorCode.Unavailable, reason);
    res.json({ status: 'ready' });
  });
  return router;
}
