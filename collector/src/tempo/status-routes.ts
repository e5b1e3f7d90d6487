/** GET /api/echo (Grafana's "Save & test") and GET /api/status/buildinfo. */
import { Router } from 'express';
import { acceptParams } from '../api/accepted-params.js';

/**
 * The Tempo version Laptime answers as: Grafana enables features by the version it reads, and
 * Laptime serves the parts of Tempo 2.x's API it documents (README, "Grafana and Jaeger").
 */
export const TEMPO_API_VERSION = '2.7.0';

export function statusRoutes(): Router {
  const router = Router();
  router.get('/api/echo', (req, res) => {
    acceptParams(req, []);
    res.type('text/plain').send('echo');
  });
  router.get('/api/status/buildinfo', (req, res) => {
    acceptParams(req, []);
    res.json({
      version: TEMPO_API_VERSION,
      revision: 'laptime',
      branch: 'laptime',
      buildUser: '',
      buildDate: '',
      goVersion: '',
    });
  });
  return router;
}
