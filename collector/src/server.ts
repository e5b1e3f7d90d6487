/**
 * A running collector: the store opened on the data directory, the HTTP server listening, and a
 * graceful close (stop accepting, finish requests in flight, final checkpoint).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Store, describeStoreEvent, type StoreOptions } from '@laptime/store';
import { createApp } from './app.js';
import { completeConfig, type CollectorConfig } from './config.js';
import type { CollectorContext } from './context.js';
import { CollectorError, CollectorErrorCode } from './errors.js';
import { Health } from './health.js';
import { newIngestCounters } from './ingest/ingest-counters.js';
import { IngestQueue } from './ingest/ingest-queue.js';
import { StoreSupervisor } from './store-supervisor.js';

/** How often idle keep-alive connections are closed while a shutdown waits for requests in flight. */
const IDLE_SWEEP_MS = 50;
/** Requests still running this long after close() began are cut off. */
export const SHUTDOWN_GRACE_MS = 10_000;
/** Idle keep-alive connections are closed after this long (Node's default, stated). */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** How often Node checks the header and request timeouts; its default (30 s) would let them overrun. */
const TIMEOUT_CHECK_MS = 1_000;

/** Ways in for tests and embedders: store options beyond the config (a fault-injecting disk), a log. */
export interface CollectorHooks {
  storeOptions?: Partial<StoreOptions>;
  /** Where recovery attempts are logged; default stderr. */
  log?: (line: string) => void;
}

/** A collector started by {@link startCollector}. */
export interface RunningCollector {
  /** Base URL, e.g. `http://127.0.0.1:4318`. */
  url: string;
  /** The port listened on (the one picked when the config said 0). */
  port: number;
  /** The store in use now (a reopened one after the collector recovered from a storage failure). */
  readonly store: Store;
  /**
   * Stops accepting connections, lets requests in flight finish (up to {@link SHUTDOWN_GRACE_MS}),
   * then closes the store with a final checkpoint. Later calls return the same promise.
   */
  close(): Promise<void>;
}

/**
 * Opens the store and starts listening. `config` completes the defaults (environment variables
 * are read by `laptime serve`, not here).
 *
 * @throws ConfigError for an invalid value; the store's LockedError when another process holds the
 *   data directory; CollectorError LT_LISTEN when the address cannot be listened on.
 */
export async function startCollector(
  config: Partial<CollectorConfig>,
  hooks: CollectorHooks = {},
): Promise<RunningCollector> {
  const c = completeConfig(config);
  const options = { ...storeOptions(c), ...hooks.storeOptions };
  const open = (): Promise<Store> => Store.open(c.dataDir, options);
  const log = hooks.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const supervisor = new StoreSupervisor(await open(), open, log);
  const ctx: CollectorContext = {
    get store() {
      return supervisor.store;
    },
    supervisor,
    config: c,
    queue: new IngestQueue({ maxBytes: c.ingestQueueBytes, maxRequests: c.ingestQueueRequests }),
    counters: newIngestCounters(),
    health: new Health(() => supervisor.unavailable),
  };
  const server = http.createServer(
    { connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_MS, c.headersTimeoutMs) },
    createApp(ctx),
  );
  // Bounds on slow clients: a trickled header or body cannot hold a connection for long.
  server.headersTimeout = c.headersTimeoutMs;
  server.requestTimeout = c.requestTimeoutMs;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  try {
    await listen(server, c.port, c.host);
  } catch (err) {
    await supervisor.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${c.host.includes(':') ? `[${c.host}]` : c.host}:${port}`,
    port,
    get store() {
      return supervisor.store;
    },
    close: () => (closing ??= shutdown(server, ctx)),
  };
}

function storeOptions(c: CollectorConfig): StoreOptions {
  const o: StoreOptions = {
    poolMB: c.poolMB,
    maxSeries: c.maxSeries,
    maxWalBytes: c.maxWal,
    salvageWal: c.salvageWal,
    onEvent: (e) => console.error(`laptime: ${describeStoreEvent(e)}`),
  };
  if (c.retention !== null) o.retention = c.retention;
  if (c.maxBytes !== null) o.maxBytes = c.maxBytes;
  return o;
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      const why =
        err.code === 'EADDRINUSE'
          ? 'the address is in use (another collector?)'
          : err.code === 'EACCES'
            ? 'permission denied'
            : err.message;
      reject(
        new CollectorError(CollectorErrorCode.Listen, `cannot listen on ${host}:${port}: ${why}`, {
          cause: err,
        }),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

async function shutdown(server: http.Server, ctx: CollectorContext): Promise<void> {
  ctx.health.markClosing();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive connections become idle as their last response goes out: close them as they do.
  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
  const cutoff = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
  server.closeIdleConnections();
  try {
    await closed;
  } finally {
    clearInterval(sweep);
    clearTimeout(cutoff);
  }
  await ctx.supervisor.close();
}
