/** What the routes of one running collector share. */
import type { Store } from '@laptime/store';
import type { CollectorConfig } from './config.js';
import type { Health } from './health.js';
import type { IngestCounters } from './ingest/ingest-counters.js';
import type { IngestQueue } from './ingest/ingest-queue.js';
import type { StoreSupervisor } from './store-supervisor.js';

export interface CollectorContext {
  /** The store in use now: after a fatal storage error the supervisor swaps in a reopened one. */
  readonly store: Store;
  readonly supervisor: StoreSupervisor;
  readonly config: CollectorConfig;
  readonly queue: IngestQueue;
  readonly counters: IngestCounters;
  readonly health: Health;
}
