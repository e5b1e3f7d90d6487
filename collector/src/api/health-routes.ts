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
    // Ready, but a failing checkpoint is shown here too: it is retried, and ingest stops at --max-wal.
    const { checkpoints, failures, consecutiveFailures, lastSuccessAt, lastError } =
      ctx.store.checkpointStatus();
    res.json({
      status: 'ready',
      checkpoint: { checkpoints, failures, consecutiveFailures, lastSuccessAt, lastError },
    });
  });
  return router;
}
