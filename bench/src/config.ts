/**
 * What one run does: the quick profile (200k spans, about a minute) or the full one (`--full`:
 * 10M spans), which systems, and where results go; from the command line and the environment.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import type { Repeats } from './system-run.js';
import { SYSTEM_NAMES, type SystemName } from './systems/system.js';

export interface BenchConfig {
  full: boolean;
  spans: number;
  seed: number;
  systems: SystemName[];
  /** Run the collector's OTLP ingest and the exporter's capture() benchmarks too. */
  endToEnd: boolean;
  /** Laptime's `walCompression` option (off by default, as in the store). */
  walCompression: boolean;
  /** The file system under test: data directories go in a new directory under it. */
  dir: string;
  jsonPath: string;
  repeats: Repeats;
  /** Seconds per timed phase of the collector's ingest benchmark. */
  collectorSeconds: number;
  /** Rounds of the capture() benchmark, and its batches of 512 spans for exporter CPU. */
  captureRounds: number;
  captureBatches: number;
}

export type Parsed =
  | { kind: 'run'; config: BenchConfig }
  | { kind: 'report'; jsonPath: string }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

const DEFAULT_SEED = 1;
const DEFAULT_JSON = path.join('.bench-tmp', 'bench.json');

export const USAGE = `usage: main [--full] [--json PATH] [--systems a,b] [--no-e2e] [--wal-compression] | --report PATH
  --full          10M spans (default: quick, 200k spans, about a minute)
  --json PATH     where to write the results as JSON (default ${DEFAULT_JSON})
  --systems LIST  a subset of ${SYSTEM_NAMES.join(',')} (default all)
  --no-e2e        skip the collector OTLP ingest and capture() benchmarks
  --wal-compression  run Laptime with walCompression on (deflated WAL records)
  --report PATH   print the tables of an earlier run's JSON results, without running
environment: LAPTIME_BENCH_DIR (file system under test, default the OS temp dir),
             LAPTIME_SEED (seed of the generated spans, default ${DEFAULT_SEED})`;

const PROFILES = {
  quick: {
    spans: 200_000,
    repeats: {
      statsOne: { minRuns: 5, maxRuns: 20_000, budgetMs: 1_000 },
      statsAll: { minRuns: 3, maxRuns: 20, budgetMs: 2_000 },
      exactWindow: { minRuns: 5, maxRuns: 100, budgetMs: 1_000 },
      fetch: { minRuns: 100, maxRuns: 5_000, budgetMs: 1_000 },
    },
    collectorSeconds: 2,
    captureRounds: 100,
    captureBatches: 10,
  },
  full: {
    spans: 10_000_000,
    repeats: {
      statsOne: { minRuns: 5, maxRuns: 50_000, budgetMs: 3_000 },
      statsAll: { minRuns: 1, maxRuns: 10, budgetMs: 20_000 },
      exactWindow: { minRuns: 3, maxRuns: 100, budgetMs: 10_000 },
      fetch: { minRuns: 100, maxRuns: 20_000, budgetMs: 3_000 },
    },
    collectorSeconds: 8,
    captureRounds: 300,
    captureBatches: 40,
  },
} as const;

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): Parsed {
  let full = false;
  let jsonPath = DEFAULT_JSON;
  let systems: SystemName[] = [...SYSTEM_NAMES];
  let endToEnd = true;
  let walCompression = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--full') full = true;
    else if (arg === '--no-e2e') endToEnd = false;
    else if (arg === '--wal-compression') walCompression = true;
    else if (arg === '--help' || arg === '-h') return { kind: 'help' };
    else if (arg === '--json' || arg === '--systems' || arg === '--report') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--'))
        return { kind: 'error', message: `${arg}: needs a value` };
      if (arg === '--report') return { kind: 'report', jsonPath: value };
      if (arg === '--json') jsonPath = value;
      else {
        const names = value.split(',');
        const unknown = names.find((n) => !(SYSTEM_NAMES as readonly string[]).includes(n));
        if (unknown !== undefined)
          return { kind: 'error', message: `--systems: unknown system '${unknown}'` };
        systems = names as SystemName[];
      }
    } else return { kind: 'error', message: `unknown argument '${String(arg)}'` };
  }
  const seed = env['LAPTIME_SEED'] === undefined ? DEFAULT_SEED : Number(env['LAPTIME_SEED']);
  if (!Number.isSafeInteger(seed))
    return { kind: 'error', message: `LAPTIME_SEED: not an integer: '${env['LAPTIME_SEED']}'` };
  const p = full ? PROFILES.full : PROFILES.quick;
  return {
    kind: 'run',
    config: {
      full,
      spans: p.spans,
      seed,
      systems,
      endToEnd,
      walCompression,
      dir: env['LAPTIME_BENCH_DIR'] ?? os.tmpdir(),
      jsonPath,
      repeats: p.repeats,
      collectorSeconds: p.collectorSeconds,
      captureRounds: p.captureRounds,
      captureBatches: p.captureBatches,
    },
  };
}
