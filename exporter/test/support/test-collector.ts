import { startCollector } from '@laptime/collector';
import type { RunningCollector } from '@laptime/collector';
import { tempDir } from './temp-dir.js';

/** A real collector on 127.0.0.1 with a fresh data directory, and a JSON client for its API. */
export interface TestCollector {
  collector: RunningCollector;
  url: string;
  get<T>(path: string): Promise<T>;
  /** Closes the collector and removes its data directory. */
  dispose(): Promise<void>;
}

export async function testCollector(port = 0, dataDir?: string): Promise<TestCollector> {
  const tmp = dataDir === undefined ? tempDir() : null;
  const collector = await startCollector({
    host: '127.0.0.1',
    port,
    poolMB: 8,
    dataDir: dataDir ?? tmp!.dir,
  });
  return {
    collector,
    url: collector.url,
    async get<T>(path: string): Promise<T> {
      const res = await fetch(`${collector.url}${path}`);
      if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    async dispose() {
      await collector.close();
      tmp?.remove();
    },
  };
}

/** The `Stats` shape of the collector's API (the fields the tests read). */
export interface ApiStats {
  service: string;
  name: string;
  count: number;
  errors: number;
  mean: number;
  min: number;
  max: number;
}

/** The `Span` shape of the collector's API (the fields the tests read). */
export interface ApiSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  service: string;
  duration: number;
  status: { code: string; message: string };
  events: { name: string; attributes: Record<string, unknown> }[];
  scope: { name: string; version: string };
}
