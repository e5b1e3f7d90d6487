/** Where the built dashboard lives: `<collector package>/dist/dashboard`, from source or from dist. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The collector package's root: the nearest ancestor of this module holding a package.json. */
export function collectorPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('the collector package.json was not found above the dashboard module');
    dir = parent;
  }
  return dir;
}

/** The directory `collector/dashboard/build.mjs` writes to. */
export function defaultAssetsDir(): string {
  return join(collectorPackageRoot(), 'dist', 'dashboard');
}
