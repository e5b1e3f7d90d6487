/** A collector on 127.0.0.1, a free port and a fresh temporary data directory, for one test. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startCollector, type CollectorHooks, type RunningCollector } from '../../src/server.js';
import type { CollectorConfig } from '../../src/config.js';

export interface TestCollector extends RunningCollector {
  dataDir: string;
  /** Closes the collector (if still open) and removes its data directory. */
  dispose(): Promise<void>;
}

/** A fresh data directory (removed by the caller). */
export function tempDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'laptime-collector-test-'));
}

export async function testCollector(
  config: Partial<CollectorConfig> = {},
  hooks: CollectorHooks = {},
): Promise<TestCollector> {
  const dataDir = config.dataDir ?? tempDataDir();
  const running = await startCollector({ host: '127.0.0.1', port: 0, poolMB: 8, ...config, dataDir }, hooks);
  return {
    url: running.url,
    port: running.port,
    // The store in use now: the collector swaps in a reopened one after a storage failure.
    get store() {
      return running.store;
    },
    close: () => running.close(),
    dataDir,
    dispose: async () => {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
