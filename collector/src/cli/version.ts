/** The collector package's version, for `laptime --version`. */
import { readFileSync } from 'node:fs';

/** Directories climbed from this module at most: src/cli (tsx) and dist/src/cli (built) are both within. */
const MAX_CLIMB = 4;

/**
 * The `version` of the nearest package.json named `@laptime/collector` above this module. The file is
 * read, not imported, so the same code works from the TypeScript source and from `dist/`.
 */
export function collectorVersion(): string {
  let dir = new URL('./', import.meta.url);
  for (let i = 0; i < MAX_CLIMB; i++) {
    dir = new URL('../', dir);
    const pkg = readPackage(new URL('package.json', dir));
    if (pkg?.name === '@laptime/collector' && typeof pkg.version === 'string') return pkg.version;
  }
  return 'unknown';
}

function readPackage(url: URL): { name?: unknown; version?: unknown } | null {
  try {
    return JSON.parse(readFileSync(url, 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return null;
  }
}
