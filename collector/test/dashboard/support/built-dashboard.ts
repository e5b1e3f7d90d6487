/** The dashboard's built assets, built by its own script when they are missing. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { collectorPackageRoot, defaultAssetsDir } from '../../../src/dashboard/assets-dir.js';

/** The same script `npm run build:dashboard` runs; found from source and from dist alike. */
const BUILD_SCRIPT = join(collectorPackageRoot(), 'dashboard', 'build.mjs');

/** Ensures collector/dist/dashboard exists (the collector reads it when it starts). */
export async function ensureDashboardBuilt(): Promise<void> {
  if (existsSync(join(defaultAssetsDir(), 'index.html'))) return;
  await promisify(execFile)(process.execPath, [BUILD_SCRIPT]);
}
