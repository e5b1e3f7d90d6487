/**
 * What one run of the benchmark suite does: the quick profile (about a minute) or the full one
 * (`--full` or LAPTIME_BENCH_FULL=1: the 10M-row figures), from the command line and environment.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import type { AppendPhaseConfig } from './append-phase.js';

export interface BenchConfig {
  full: boolean;
  /** Where the JSON results go. */
  jsonPath: string;
  /** Seed of the generated spans; the same seed gives the same spans. */
  seed: number;
  append: AppendPhaseConfig;
  large: {
    rows: number;
    poolMB: number;
    statsCalls: number;
    statsAllCalls: number;
    hotFetchCalls: number;
    coldFetchCalls: number;
    exactRuns: number;
  };
}

const DEFAULT_JSON = path.join('.bench-tmp', 'store.json');
const DEFAULT_SEED = 1;
const MiB = 1024 * 1024;

/** What the command line asked for: a run, or the usage text. */
export type Parsed =
  { kind: 'run'; config: BenchConfig } | { kind: 'help' } | { kind: 'error'; message: string };

export const USAGE = `usage: run [--full] [--json PATH]
  --full       the 10M-row figures (also LAPTIME_BENCH_FULL=1); default: quick, about a minute
  --json PATH  where to write the results as JSON (default .bench-tmp/store.json)
environment: LAPTIME_BENCH_DIR (file system under test, default the OS temp dir),
             LAPTIME_SEED (seed of the generated spans, default ${DEFAULT_SEED})`;

/** Sizes of the two profiles. */
const PROFILES = {
  quick: {
    rounds: 3,
    appendsPerRun: 300,
    distinctBatches: 64,
    diskBytes: 64 * MiB,
    largeRows: 1_000_000,
    coldFetchCalls: 2_000,
  },
  full: {
    rounds: 5,
    appendsPerRun: 1_000,
    distinctBatches: 128,
    diskBytes: 256 * MiB,
    largeRows: 10_000_000,
    coldFetchCalls: 10_000,
  },
} as const;

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): Parsed {
  let full = env['LAPTIME_BENCH_FULL'] === '1';
  let jsonPath = DEFAULT_JSON;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--full') full = true;
    else if (arg === '--help' || arg === '-h') return { kind: 'help' };
    else if (arg === '--json') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--'))
        return { kind: 'error', message: '--json: needs a path' };
      jsonPath = value;
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
      jsonPath,
      seed,
      append: {
        dir: env['LAPTIME_BENCH_DIR'] ?? os.tmpdir(),
        seed,
        rounds: p.rounds,
        appenderCounts: [1, 4],
        appendsPerRun: p.appendsPerRun,
        distinctBatches: p.distinctBatches,
        diskBytes: p.diskBytes,
        diskChunkBytes: 4 * MiB,
      },
      large: {
        rows: p.largeRows,
        poolMB: 64,
        statsCalls: 100_000,
        statsAllCalls: 300,
        hotFetchCalls: 50_000,
        coldFetchCalls: p.coldFetchCalls,
        exactRuns: 3,
      },
    },
  };
}
