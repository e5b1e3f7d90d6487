/**
 * The logging-service scenario: 200 concurrent clients on keep-alive connections send spans at
 * random short intervals; throttled requests are retried as OTLP exporters do. Every span ends up
 * acknowledged and stored exactly once, and the acknowledgement latency is reported.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aggregateMismatches } from '../src/crash/aggregates-check.js';
import { killStrayCollectors, startCollectorProcess } from '../src/crash/collector-process.js';
import { checkLedger } from '../src/crash/ledger-check.js';
import { removeScratchDir, scratchDir } from '../src/crash/scratch-dir.js';
import { seededRandom } from '../src/crash/seeded-random.js';
import { scenarioSeed } from '../src/fuzz/scenario-seed.js';
import { readStoredSpans } from '../src/crash/stored-spans.js';
import { AckLedger } from '../src/load/ack-ledger.js';
import { summarize } from '../src/load/latency.js';
import { answerCounts, startLoad } from '../src/load/load-generator.js';
import { RssSampler } from '../src/load/rss-sampler.js';
import { reportFigures, sized } from '../src/profile.js';

const CLIENTS = 200;
const TOTAL_SPANS = sized(30_000, 500_000);
/** Spans per request and pause between a client's requests (ms): small, frequent batches. */
const BATCH: [number, number] = [10, 90];
const PAUSE_MS: [number, number] = [0, 50];
const MiB = 1024 * 1024;

test(
  '200 concurrent clients: zero loss, acknowledgement latency reported',
  { timeout: sized(180_000, 1_800_000) },
  async () => {
    const seed = scenarioSeed('load');
    const dataDir = scratchDir('load');
    const ledger = new AckLedger();
    try {
      const collector = await startCollectorProcess({ dataDir });
      const rss = new RssSampler(collector.pid);
      const started = performance.now();
      const load = startLoad({
        url: collector.url,
        clients: CLIENTS,
        tag: 1,
        random: seededRandom(seed),
        batch: BATCH,
        pauseMs: PAUSE_MS,
        totalSpans: TOTAL_SPANS,
        retry: true,
        stopOnNetworkFailure: false,
        ledger,
      });
      const report = await load.done;
      const seconds = (performance.now() - started) / 1000;
      const maxRss = rss.stop();

      const stored = await readStoredSpans(dataDir, 0);
      const check = checkLedger(ledger, stored);
      const mismatches = await aggregateMismatches(collector.url, stored);
      assert.equal(await collector.stop(), 0, collector.stderr());

      const latency = summarize(report.ackLatenciesMs);
      reportFigures('load', {
        seed,
        clients: CLIENTS,
        spansSent: ledger.sent(),
        spansAcknowledged: ledger.acked.size,
        spansStored: stored.length,
        spansLost: check.lost,
        requests: report.requests,
        ...answerCounts(report.outcomes),
        networkFailures: report.failures.join('; '),
        ackP50Ms: latency.p50,
        ackP99Ms: latency.p99,
        ackMaxMs: latency.max,
        spansPerSecond: Math.round(ledger.acked.size / seconds),
        seconds: Math.round(seconds * 10) / 10,
        collectorMaxRssMiB: Math.round(maxRss / MiB),
      });
      assert.equal(ledger.sent(), TOTAL_SPANS);
      assert.equal(
        ledger.unacked.size,
        0,
        `spans never acknowledged; answers ${JSON.stringify(report.outcomes)}, failures ${report.failures.join('; ')}`,
      );
      assert.ok(check.ok, `seed ${seed}: ${JSON.stringify(check)}`);
      assert.equal(stored.length, TOTAL_SPANS);
      assert.equal(report.throttledWithoutRetryAfter, 0);
      assert.deepEqual(mismatches, []);
    } finally {
      killStrayCollectors();
      removeScratchDir(dataDir);
    }
  },
);
