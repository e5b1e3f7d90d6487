/**
 * More load than the collector can take (a tiny ingest queue, many senders without pauses): the
 * refusals are 429 or 503 with Retry-After, the collector's memory stays bounded, and the stock
 * OpenTelemetry exporter's retries get every batch it reported as exported stored, exactly once.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { killStrayCollectors, startCollectorProcess } from '../src/crash/collector-process.js';
import { checkLedger } from '../src/crash/ledger-check.js';
import { siblingScript } from '../src/crash/node-entry.js';
import { removeScratchDir, scratchDir } from '../src/crash/scratch-dir.js';
import { seededRandom } from '../src/crash/seeded-random.js';
import { scenarioSeed } from '../src/fuzz/scenario-seed.js';
import { readStoredSpans } from '../src/crash/stored-spans.js';
import { AckLedger } from '../src/load/ack-ledger.js';
import { startLoad } from '../src/load/load-generator.js';
import { RssSampler } from '../src/load/rss-sampler.js';
import { startStockSender } from '../src/load/stock-exporter-sender.js';
import { countStockRetries } from '../src/load/stock-retry-log.js';
import { reportFigures, sized } from '../src/profile.js';

const OVERLOAD_MS = sized(6_000, 60_000);
/** Raw senders that never wait: they keep the tiny queue full. */
const FLOOD_CLIENTS = 48;
/** Apps with the stock exporter competing for the same queue. */
const STOCK_APPS = 4;
const MiB = 1024 * 1024;
/**
 * The collector's RSS must stay below this: node and express (~80 MiB), the 64 MiB bufferpool,
 * the 1 MiB ingest queue and the store's bookkeeping, with room for the garbage collector's slack.
 */
const RSS_BOUND = 320 * MiB;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test(
  'overload: Retry-After on every refusal, bounded memory, stock exporter retries lose nothing',
  { timeout: sized(180_000, 900_000) },
  async () => {
    const seed = scenarioSeed('overload');
    const dataDir = scratchDir('overload');
    const ledger = new AckLedger();
    const retryLog = countStockRetries();
    try {
      const collector = await startCollectorProcess({
        dataDir,
        script: siblingScript('../src/load/throttled-collector', import.meta.url),
      });
      const rss = new RssSampler(collector.pid);
      const flood = startLoad({
        url: collector.url,
        clients: FLOOD_CLIENTS,
        tag: 1,
        random: seededRandom(seed),
        batch: [50, 400],
        pauseMs: [0, 0],
        retry: false,
        stopOnNetworkFailure: false,
        ledger,
      });
      const stockLedger = new AckLedger();
      const apps = Array.from({ length: STOCK_APPS }, () => startStockSender(collector.url, stockLedger));
      await sleep(OVERLOAD_MS);
      flood.stop();
      for (const app of apps) app.stop();
      const floodReport = await flood.done;
      const stockReports = await Promise.all(apps.map((a) => a.done));
      const maxRss = rss.stop();

      for (const id of stockLedger.acked) ledger.acked.add(id);
      for (const id of stockLedger.unacked) ledger.unacked.add(id);
      const stored = await readStoredSpans(dataDir, 0);
      const check = checkLedger(ledger, stored);
      const stockStored = [...stockLedger.acked].filter((id) => stored.occurrences.get(id) === 1).length;
      assert.equal(await collector.stop(), 0, collector.stderr());

      const refused = (floodReport.outcomes['429'] ?? 0) + (floodReport.outcomes['503'] ?? 0);
      const stock = stockReports.reduce((a, r) => ({
        exports: a.exports + r.exports,
        succeeded: a.succeeded + r.succeeded,
        failed: a.failed + r.failed,
      }));
      reportFigures('overload', {
        seed,
        seconds: OVERLOAD_MS / 1000,
        floodRequests: floodReport.requests,
        flood200: floodReport.outcomes['200'] ?? 0,
        flood429: floodReport.outcomes['429'] ?? 0,
        flood503: floodReport.outcomes['503'] ?? 0,
        floodNetworkFailures: floodReport.outcomes.failed ?? 0,
        refusedWithoutRetryAfter: floodReport.throttledWithoutRetryAfter,
        stockExports: stock.exports,
        stockSucceeded: stock.succeeded,
        stockFailed: stock.failed,
        stockRetries: retryLog.counts.retries,
        stockSucceededAfterRetry: retryLog.counts.succeededAfterRetry,
        stockSpansReportedExported: stockLedger.acked.size,
        stockSpansStored: stockStored,
        spansAcknowledged: check.acked,
        spansLost: check.lost,
        collectorMaxRssMiB: Math.round(maxRss / MiB),
        rssBoundMiB: RSS_BOUND / MiB,
      });
      assert.ok(refused > 0, 'the load never went beyond capacity: no 429 or 503 at all');
      assert.equal(floodReport.throttledWithoutRetryAfter, 0, 'a 429/503 without Retry-After');
      assert.equal(
        floodReport.outcomes.failed ?? 0,
        0,
        `requests failed without an answer: ${floodReport.failures.join('; ')}`,
      );
      assert.ok(stock.succeeded > 0, 'the stock exporter never got a batch through');
      assert.ok(
        retryLog.counts.succeededAfterRetry > 0,
        'no stock export needed a retry: not overloaded for it',
      );
      assert.equal(
        stockStored,
        stockLedger.acked.size,
        'spans the stock exporter reported exported are missing',
      );
      assert.ok(check.ok, `seed ${seed}: ${JSON.stringify(check)}`);
      assert.ok(
        maxRss < RSS_BOUND,
        `collector RSS ${Math.round(maxRss / MiB)} MiB over ${RSS_BOUND / MiB} MiB`,
      );
    } finally {
      killStrayCollectors();
      retryLog.uninstall();
      removeScratchDir(dataDir);
    }
  },
);
