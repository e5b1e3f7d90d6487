/**
 * A short durable-append workload to profile: concurrent appenders of 512-span batches on a
 * fresh store, nothing else (few batches are generated, so generation hardly shows).
 *
 *   node --cpu-prof --cpu-prof-dir=.bench-tmp/profile --import tsx store/bench/append-profile.ts [appends] [appenders]
 *   node --import tsx store/bench/cpu-profile-top.ts .bench-tmp/profile/*.cpuprofile
 */
import * as os from 'node:os';
import { realisticBatch, splitBatch } from '../src/testing/index.js';
import { APPEND_BATCH_ROWS } from './append-phase.js';
import { measureAppend } from './append-throughput.js';

const DEFAULT_APPENDS = 600;
const DEFAULT_APPENDERS = 4;
const DISTINCT_BATCHES = 16;

const appends = Number(process.argv[2] ?? DEFAULT_APPENDS);
const appenders = Number(process.argv[3] ?? DEFAULT_APPENDERS);
const batches = splitBatch(
  realisticBatch(APPEND_BATCH_ROWS * DISTINCT_BATCHES, { seed: 1 }),
  APPEND_BATCH_ROWS,
);
const run = await measureAppend({
  dir: process.env['LAPTIME_BENCH_DIR'] ?? os.tmpdir(),
  batches,
  appenders,
  appends,
});
console.log(
  `${run.spans} spans, ${appenders} appenders: ${Math.round(run.spansPerSecond).toLocaleString('en-US')} spans/s, ` +
    `checkpoint ${run.checkpointSeconds.toFixed(2)} s`,
);
