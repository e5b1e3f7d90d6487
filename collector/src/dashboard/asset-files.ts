/**
 * The dashboard's files, read into memory once: a few small files, and a fixed set of names is
 * what makes path traversal impossible (a request can only name a key of this map).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

/** Content types of the extensions the build emits. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export interface AssetFile {
  body: Buffer;
  contentType: string;
}

export interface AssetFiles {
  /** index.html, or null when the dashboard was not built. */
  index: AssetFile | null;
  /** Files of `assets/` by name (content-hashed names). */
  assets: ReadonlyMap<string, AssetFile>;
}

function file(path: string): AssetFile {
  return {
    body: readFileSync(path),
    contentType: CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
  };
}

/** Reads the built dashboard under `dir`; a missing build gives no files rather than an error. */
export function readAssetFiles(dir: string): AssetFiles {
  const indexPath = join(dir, 'index.html');
  const assetsDir = join(dir, 'assets');
  const assets = new Map<string, AssetFile>();
  if (existsSync(assetsDir)) {
    for (const entry of readdirSync(assetsDir, { withFileTypes: true })) {
      if (entry.isFile()) assets.set(entry.name, file(join(assetsDir, entry.name)));
    }
  }
  return { index: existsSync(indexPath) ? file(indexPath) : null, assets };
}
