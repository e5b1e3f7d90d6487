/**
 * The Jaeger query API mounted under {@link JAEGER_PREFIX}, beside Laptime's own `/api/...`
 * routes it would otherwise collide with (`/api/traces/:id`). Grafana's Jaeger data source URL is
 * `http://<collector>/jaeger`; the Jaeger UI's query base path likewise.
 */
import { Router } from 'express';
import type { CollectorContext } from '../context.js';
import { jaegerErrors } from './jaeger-envelope.js';
import { jaegerRoutes } from './jaeger-routes.js';

export const JAEGER_PREFIX = '/jaeger';

export function jaegerRouter(ctx: CollectorContext): Router {
  const api = Router();
  api.use(jaegerRoutes(ctx));
  api.use(jaegerErrors);
  return Router().use(JAEGER_PREFIX, api);
}
