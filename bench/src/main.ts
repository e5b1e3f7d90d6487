/**
 * Side-by-side benchmarks: Laptime against SQLite, DuckDB and PostgreSQL on the same generated
 * spans, each system in its own child process; then the collector's OTLP ingest and capture()
 * overhead from the packages' own benchmarks. Prints a markdown table with the machine and
 * writes the results as JSON.
 *
 *   npm run bench [-- --full]                                           (compiled, in bench/)
 *   node --conditions=development --import tsx bench/src/main.ts [--full]  (from source)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeMachine, runInChild, type Machine } from '@laptime/store/testing';
import { parseArgs, USAGE, type BenchConfig } from './config.js';
import {
  captureOverhead,
  collectorIngest,
  type CaptureOverhead,
  type CollectorIngest,
} from './external-benches.js';
import type { Verdict } from './goals.js';
import { captureTable, collectorTable, machineLine, systemsTable, verdictText } from './report.js';
import type { SystemResult, SystemRunConfig } from './system-run.js';
import { planWorkload, type Workload } from './workload.js';

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
  if (parsed.kind === 'report') {
    printReport(JSON.parse(fs.readFileSync(parsed.jsonPath, 'utf8')) as Results);
    return 0;
  }
  const config = parsed.config;
  const root = fs.mkdtempSync(path.join(config.dir, 'laptime-bench-'));
  // PostgreSQL runs as an unprivileged user, which must reach its directory inside this one.
  fs.chmodSync(root, 0o755);
  // Interrupted, the children stop their own servers; the data they leave goes with the root.
  const onSignal = (signal: NodeJS.Signals): void => {
    fs.rmSync(root, { recursive: true, force: true });
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const machine = describeMachine(root);
    const started = Date.now();
    const workload = planWorkload(config.spans, config.seed);
    console.log(
      `${config.full ? 'full' : 'quick'} run, ${config.spans.toLocaleString('en-US')} spans, seed ${config.seed}` +
        (config.walCompression ? ', Laptime with walCompression on' : ''),
    );
    const systems: SystemResult[] = [];
    for (const system of config.systems) {
      progress(`${system}: ingest, queries, bytes, RSS (child process)`);
      const input: SystemRunConfig = {
        system,
        workload,
        dir: root,
        repeats: config.repeats,
        walCompression: config.walCompression,
      };
      systems.push(await runInChild<SystemResult>(import.meta.url, 'system-child', input));
    }
    let collector: CollectorIngest | null = null;
    let capture: CaptureOverhead | null = null;
    if (config.endToEnd) {
      progress('collector: OTLP ingest against the null receiver (collector/bench/ingest.bench)');
      collector = await collectorIngest(config.collectorSeconds);
      progress('exporter: capture() overhead (exporter/bench/capture.bench)');
      capture = await captureOverhead(config.captureRounds, config.captureBatches);
    }
    const seconds = (Date.now() - started) / 1000;
    const results: Results = {
      version: RESULTS_VERSION,
      date: new Date(started).toISOString(),
      mode: config.full ? 'full' : 'quick',
      seconds,
      config,
      machine,
      workload,
      systems,
      collector,
      capture,
      verdicts: systemsTable(systems).verdicts,
    };
    printReport(results);
    writeJson(config.jsonPath, results);
    console.log(`results: ${path.resolve(config.jsonPath)}`);
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** A run's results, as written to the JSON file. */
interface Results {
  version: number;
  date: string;
  mode: 'quick' | 'full';
  seconds: number;
  config: BenchConfig;
  machine: Machine;
  workload: Workload;
  systems: SystemResult[];
  collector: CollectorIngest | null;
  capture: CaptureOverhead | null;
  verdicts: Verdict[];
}

/** The tables of a run, in markdown. */
function printReport(r: Results): void {
  const table = systemsTable(r.systems);
  console.log(`machine: ${machineLine(r.machine)}\n`);
  console.log(table.markdown);
  console.log(`\n${describeWorkload(r.workload, r.config)}`);
  if (r.collector !== null) console.log(`\n${collectorTable(r.collector)}`);
  if (r.capture !== null) console.log(`\n${captureTable(r.capture)}`);
  console.log(`\ngoals: ${table.verdicts.map(verdictText).join('; ')}`);
  console.log(`${r.mode} run of ${r.date}, ${r.seconds.toFixed(0)} s in all`);
}

/** What the table's figures are about, in a sentence or two. */
function describeWorkload(w: Workload, c: BenchConfig): string {
  const r = c.repeats;
  return (
    `Busiest series: ${w.series.service} / ${w.series.name}. Medians over up to ${r.statsOne.maxRuns} runs ` +
    `(stats of one series), ${r.statsAll.maxRuns} (every series), ${r.exactWindow.maxRuns} (windowed p99) and ` +
    `${r.fetch.maxRuns} fetches, within a time budget each; the JSON results hold the run counts. Laptime's (2) comes from its ` +
    `aggregates (percentiles within 1%); the peers' are exact. Ratios: how many times better Laptime is ` +
    `(peer time / Laptime time; Laptime rate / peer rate; peer bytes or memory / Laptime's).`
  );
}

function progress(what: string): void {
  process.stderr.write(`  ${what}...\n`);
}

function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

process.exitCode = await main();
