/**
 * The Tempo HTTP API that Grafana's stock Tempo data source calls, mounted under
 * {@link TEMPO_PREFIX} so that it does not shadow Laptime's own `/api/...` routes. Grafana's data
 * source URL is then `http://<collector>/tempo`.
 */
import { Router } from 'express';
import type { CollectorContext } from '../context.js';
import { metricsRoute } from './metrics-route.js';
import { searchRoute } from './search-route.js';
import { statusRoutes } from './status-routes.js';
import { tagsRoutes } from './tags-routes.js';
import { traceRoutes } from './trace-routes.js';

export const TEMPO_PREFIX = '/tempo';

export function tempoRouter(ctx: CollectorContext): Router {
  const api = Router();
  api.use(statusRoutes());
  api.use(traceRoutes(ctx));
  api.use(searchRoute(ctx));
  api.use(tagsRoutes(ctx));
  api.use(metricsRoute(ctx));
  return Router().use(TEMPO_PREFIX, api);
}
