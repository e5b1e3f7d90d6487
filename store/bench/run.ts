/**
 * The store's benchmark suite: every figure of issue 2 in one run, printed as a markdown table
 * (absolute figures, targets, ratios, "met" / "NOT met") with the machine, and written as JSON so
 * that runs can be compared.
 *
 *   node --import tsx store/bench/run.ts [--full] [--json PATH]    (from source)
 *   npm run bench -w @laptime/store                                (compiled)
 *
 * Quick mode takes about a minute on two cores; --full (or LAPTIME_BENCH_FULL=1) builds the
 * 10M-row stores and takes several minutes. The large stores are built in child processes, so
 * that the peak RSS reported is the store's own.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runInChild } from '../src/testing/index.js';
import { runAppendPhase } from './append-phase.js';
import { parseArgs, USAGE, type BenchConfig } from './config.js';
import { figures, type SuiteResults } from './figures.js';
import type { LargeStoreConfig, LargeStoreResult, Workload } from './large-store.js';
import { describeMachine } from './machine.js';
import { figuresTable, machineLine } from './markdown.js';

/** Version of the JSON results: bumped when a field changes meaning. */
const RESULTS_VERSION = 1;

async function main(): Promise<number> {
  const parsed = parseArgs(process.argv.slice(2), process.env);
  if (parsed.kind === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (parsed.kind === 'error') {
    console.error(`${parsed.message}\n${USAGE}`);
    return 2;
  }
  const config = parsed.config;
  const root = fs.mkdtempSync(path.join(config.append.dir, 'laptime-bench-'));
  try {
    const machine = describeMachine(root);
    console.log(`${config.full ? 'full' : 'quick'} run, seed ${config.seed}; ${machineLine(machine)}\n`);
    const started = Date.now();
    const results = await runSuite(config, root);
    const table = figures(results);
    console.log(figuresTable(table));
    const seconds = (Date.now() - started) / 1000;
    console.log(`\n${seconds.toFixed(0)} s in all`);
    writeJson(config.jsonPath, {
      version: RESULTS_VERSION,
      date: new Date(started).toISOString(),
      mode: config.full ? 'full' : 'quick',
      seconds,
      config,
      machine,
      figures: table,
      results,
    });
    console.log(`results: ${path.resolve(config.jsonPath)}`);
    return 0;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function runSuite(config: BenchConfig, root: string): Promise<SuiteResults> {
  progress('append throughput and disk bandwidth');
  const append = await runAppendPhase({ ...config.append, dir: root });
  const large = (workload: Workload, reads: boolean): Promise<LargeStoreResult> => {
    progress(`${config.large.rows.toLocaleString('en-US')}-row store, ${workload}, in a child process`);
    const input: LargeStoreConfig = { ...config.large, dir: root, workload, seed: config.seed, reads };
    return runInChild<LargeStoreResult>(import.meta.url, 'large-store-child', input);
  };
  const mixed = await large('mixed', true);
  const oneSeries = await large('one-series', false);
  return { append, mixed, oneSeries };
}

function progress(what: string): void {
  process.stderr.write(`  ${what}...\n`);
}

function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

process.exitCode = await main();
