/**
 * GET / and GET /assets/*: the dashboard. Content-hashed assets are cached for good
 * (`immutable`); index.html is revalidated on every load (`no-cache`) so a new build shows at once.
 * The pages hold no data: they are served without the token and the data routes ask for it.
 */
import { Router } from 'express';
import type { Response } from 'express';
import { defaultAssetsDir } from './assets-dir.js';
import { readAssetFiles, type AssetFile } from './asset-files.js';

/** A year: the longest max-age caches honour; hashed names change with their content. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
export const INDEX_CACHE = 'no-cache';

/** Shown when collector/dist/dashboard is missing, instead of a bare 404. */
const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Laptime collector</title></head>
<body><h1>Laptime collector</h1>
<p>The collector is running, but the dashboard is not built: run <code>npm run build:dashboard -w collector</code>.</p>
<p>The data is at <a href="api/stats">/api/stats</a> and <a href="metrics">/metrics</a>; send OTLP/HTTP traces to <code>POST /v1/traces</code>.</p>
</body></html>
`;

export interface DashboardOptions {
  /** The built dashboard; default `collector/dist/dashboard`. */
  assetsDir?: string;
}

function send(res: Response, file: AssetFile, cacheControl: string): void {
  res.set({
    'Content-Type': file.contentType,
    'Cache-Control': cacheControl,
    'X-Content-Type-Options': 'nosniff',
  });
  res.send(file.body);
}

/** The router serving the dashboard; its files are read once, when it is made. */
export function dashboardRouter(options: DashboardOptions = {}): Router {
  const files = readAssetFiles(options.assetsDir ?? defaultAssetsDir());
  const router = Router();
  router.get(['/', '/index.html'], (_req, res) => {
    if (files.index === null) res.set('Cache-Control', INDEX_CACHE).type('html').send(NOT_BUILT);
    else send(res, files.index, INDEX_CACHE);
  });
  router.get('/assets/:file', (req, res, next) => {
    const file = files.assets.get(req.params.file);
    if (file === undefined) next();
    else send(res, file, IMMUTABLE_CACHE);
  });
  return router;
}
