/**
 * A real collector for one test: `startCollector` on 127.0.0.1, port 0, over a fresh temporary data
 * directory that `stop()` removes again.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector, type RunningCollector } from '../../../src/server.js';

export interface TestCollector {
  collector: RunningCollector;
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Closes the collector (final checkpoint) and deletes its data directory. */
  stop(): Promise<void>;
}

export async function startTestCollector(): Promise<TestCollector> {
  const dataDir = await mkdtemp(join(tmpdir(), 'laptime-e2e-'));
  try {
    const collector = await startCollector({ dataDir, host: '127.0.0.1', port: 0 });
    return {
      collector,
      url: collector.url,
      async stop() {
        try {
          await collector.close();
        } finally {
          await rm(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
}
