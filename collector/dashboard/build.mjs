/**
 * Builds the dashboard into collector/dist/dashboard: one bundled, minified script and stylesheet
 * with content hashes in their names (served immutable) and an index.html naming them (no-cache).
 * Run by `npm run build:dashboard -w collector`; the dashboard tests call it when the assets are missing.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { argv } from 'node:process';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const HERE = dirname(fileURLToPath(import.meta.url));
/** Where the collector's dashboard router looks for the assets. */
export const OUT_DIR = join(HERE, '..', 'dist', 'dashboard');

function page(script, style) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Laptime</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="assets/${style}">
</head>
<body>
<div id="app"></div>
<footer>Raw data: <a href="api/stats">/api/stats</a> · <a href="api/names">/api/names</a> · <a href="metrics">/metrics</a></footer>
<script type="module" src="assets/${script}"></script>
</body>
</html>
`;
}

/** Builds the assets into `outDir` (replacing what was there) and returns their file names. */
export async function buildDashboard(outDir = OUT_DIR) {
  const assets = join(outDir, 'assets');
  await rm(outDir, { recursive: true, force: true });
  await mkdir(assets, { recursive: true });
  const result = await esbuild.build({
    entryPoints: [join(HERE, 'src', 'main.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    outdir: assets,
    entryNames: '[name]-[hash]',
    metafile: true,
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((f) => basename(f));
  const script = outputs.find((f) => f.endsWith('.js'));
  const style = outputs.find((f) => f.endsWith('.css'));
  if (script === undefined || style === undefined)
    throw new Error(`dashboard build produced ${outputs.join(', ')}`);
  await writeFile(join(outDir, 'index.html'), page(script, style));
  return { script, style };
}

if (argv[1] === fileURLToPath(import.meta.url)) await buildDashboard();
