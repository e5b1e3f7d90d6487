/** What the routes of one running collector share. */
import type { Store } from '@laptime/store';
import type { CollectorConfig } from './config.js';
import type { Health } from './health.js';
import type { IngestCounters } from './ingest/ingest-counters.js';
import type { IngestQueue } from './ingest/ingest-queue.js';

export interface CollectorContext {
  readonly store: Store;
  readonly config: CollectorConfig;
  readonly queue: IngestQueue;
  readonly counters: IngestCounters;
  readonly health: Health;
}
