/**
 * The collector under sustained OTLP load, killed with SIGKILL at random moments and restarted on
 * the same data directory: after each restart every span acknowledged with 200 is stored exactly
 * once, nothing is stored twice, the store verifies clean, and /api/stats equals a recount.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Store } from '@laptime/store';
import { aggregateMismatches } from '../src/crash/aggregates-check.js';
import {
  killStrayCollectors,
  startCollectorProcess,
  type CollectorProcess,
} from '../src/crash/collector-process.js';
import { checkLedger, type LedgerCheck } from '../src/crash/ledger-check.js';
import { runLaptime } from '../src/crash/run-laptime.js';
import { removeScratchDir, scratchDir } from '../src/crash/scratch-dir.js';
import { between, seededRandom } from '../src/crash/seeded-random.js';
import { scenarioSeed } from '../src/fuzz/scenario-seed.js';
import { readStoredSpans, type StoredSpans } from '../src/crash/stored-spans.js';
import { AckLedger } from '../src/load/ack-ledger.js';
import { startLoad } from '../src/load/load-generator.js';
import { reportFigures, sized } from '../src/profile.js';

const CYCLES = sized(10, 50);
/** The kill comes this long (ms, inclusive range) after the load starts. */
const KILL_AFTER_MS = sized<[number, number]>([100, 800], [100, 2500]);
const CLIENTS = 8;
/** Spans per request: smaller in quick, so the per-cycle verification of the whole store stays short. */
const BATCH = sized<[number, number]>([5, 60], [10, 200]);
/** `laptime check` (a process start each time) after every restart in full, after the last in quick. */
const CLI_CHECK_EVERY_CYCLE = sized(false, true);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test(
  'SIGKILL under load, restart, repeat: every acknowledged span stored exactly once',
  { timeout: sized(180_000, 3_600_000) },
  async () => {
    const seed = scenarioSeed('crash-loop');
    const random = seededRandom(seed);
    const dataDir = scratchDir('crash-loop');
    const ledger = new AckLedger();
    const stored: StoredSpans = { length: 0, occurrences: new Map(), series: new Map() };
    const started = performance.now();
    let cliChecks = 0;
    let last: LedgerCheck | undefined;

    /** Everything that must hold after a restart, checked on the collector now running. */
    const verifyRestarted = async (
      collector: CollectorProcess,
      cycle: number,
      cli: boolean,
    ): Promise<void> => {
      const before = stored.length;
      await readStoredSpans(dataDir, before, stored);
      assert.ok(
        stored.length >= before,
        `cycle ${cycle}: the store shrank from ${before} to ${stored.length} rows`,
      );
      const check = checkLedger(ledger, stored);
      assert.ok(check.ok, `cycle ${cycle} (seed ${seed}): ${JSON.stringify(check)}`);
      last = check;
      assert.deepEqual(await aggregateMismatches(collector.url, stored), [], `cycle ${cycle} (seed ${seed})`);
      const report = await Store.verify(dataDir);
      assert.deepEqual(report.problems, [], `cycle ${cycle} (seed ${seed}): Store.verify`);
      assert.equal(report.recounted, true);
      if (cli) {
        const run = await runLaptime(['check', '--data', dataDir]);
        assert.equal(run.code, 0, `cycle ${cycle}: laptime check: ${run.stdout}${run.stderr}`);
        cliChecks++;
      }
    };

    try {
      for (let cycle = 1; cycle <= CYCLES; cycle++) {
        const collector = await startCollectorProcess({ dataDir });
        if (cycle > 1) await verifyRestarted(collector, cycle, CLI_CHECK_EVERY_CYCLE);
        const load = startLoad({
          url: collector.url,
          clients: CLIENTS,
          tag: cycle,
          random,
          batch: BATCH,
          pauseMs: [0, 10],
          retry: false,
          stopOnNetworkFailure: true,
          ledger,
        });
        await sleep(between(random, KILL_AFTER_MS[0], KILL_AFTER_MS[1]));
        await collector.kill();
        load.stop();
        await load.done;
      }
      // The last restart is verified from scratch: every row read again, not only the new tail.
      const collector = await startCollectorProcess({ dataDir });
      stored.length = 0;
      stored.occurrences.clear();
      stored.series.clear();
      await verifyRestarted(collector, CYCLES + 1, true);
      assert.equal(await collector.stop(), 0, collector.stderr());
    } finally {
      killStrayCollectors();
      removeScratchDir(dataDir);
    }

    assert.ok(ledger.acked.size > 0, 'the load got no span acknowledged at all');
    reportFigures('crash-loop', {
      seed,
      cycles: CYCLES,
      spansSent: ledger.sent(),
      spansAcknowledged: ledger.acked.size,
      spansLost: last?.lost ?? -1,
      spansDuplicated: last?.duplicated ?? -1,
      unacknowledgedButStored: last?.unackedStored ?? -1,
      rowsStored: stored.length,
      cliChecks,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    });
  },
);
