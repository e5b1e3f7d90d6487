// A collector on a free port over a temporary data directory, and its REST API.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector } from '@laptime/collector';

/** A temporary directory; `remove()` deletes it. */
export async function tempDir() {
  const path = await mkdtemp(join(tmpdir(), 'laptime-example-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Starts a collector; `stop()` closes it and removes its data. */
export async function startTestCollector() {
  const dir = await tempDir();
  const collector = await startCollector({ dataDir: dir.path, port: 0 });
  return {
    url: collector.url,
    stop: async () => {
      await collector.close();
      await dir.remove();
    },
  };
}

/** GETs `path` (with `query`) from the REST API at `baseUrl`, expecting 200 and JSON. */
export async function getJson(baseUrl, path, query = {}) {
  const url = new URL(path, baseUrl);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, String(value));
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

/** `{ "service/name": count }` of every series the collector at `baseUrl` holds. */
export async function seriesCounts(baseUrl) {
  const { series } = await getJson(baseUrl, '/api/names');
  return Object.fromEntries(series.map(({ service, name, count }) => [`${service}/${name}`, count]));
}
