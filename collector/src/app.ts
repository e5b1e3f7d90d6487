/** The express application of a collector: routes, auth and the one error handler. */
import express from 'express';
import type { Express } from 'express';
import { healthRoutes } from './api/health-routes.js';
import { namesRoute } from './api/names-route.js';
import { spansRoute } from './api/spans-route.js';
import { statsRoute } from './api/stats-route.js';
import { tracesApiRoute } from './api/traces-route.js';
import { requireToken } from './auth.js';
import type { CollectorContext } from './context.js';
import { dashboardRouter } from './dashboard/dashboard-router.js';
import { OTLP_TRACES_PATH, errorHandler, methodNotAllowed, notFound } from './error-handler.js';
import { tracesRoute } from './ingest/traces-route.js';
import { metricsRoute } from './metrics/collector-metrics.js';
import { jaegerRouter } from './jaeger/jaeger-router.js';
import { tempoRouter } from './tempo/tempo-router.js';

export function createApp(ctx: CollectorContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(dashboardRouter()); // static pages, no data: open, so the page can ask for the token
  if (ctx.config.token !== null) app.use(requireToken(ctx.config.token));
  app.use(healthRoutes(ctx));
  // The body is read by the route itself, as a capped stream: no body parser.
  app.post(OTLP_TRACES_PATH, tracesRoute(ctx));
  app.all(OTLP_TRACES_PATH, methodNotAllowed(['POST']));
  app.use(namesRoute(ctx));
  app.use(statsRoute(ctx));
  app.use(spansRoute(ctx));
  app.use(tracesApiRoute(ctx));
  app.use(metricsRoute(ctx));
  app.use(tempoRouter(ctx));
  app.use(jaegerRouter(ctx));
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
