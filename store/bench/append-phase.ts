/**
 * The append phase: durable append throughput for each number of appenders, and the disk's own
 * fsync'd write bandwidth, measured in rounds that interleave them (fsync latency on shared or
 * virtual disks drifts over seconds, so each round sees the disk in the same state) and reported
 * as medians over the rounds.
 */
import { realisticBatch, splitBatch } from '../src/testing/index.js';
import { measureAppend, type AppendRun } from './append-throughput.js';
import { measureDiskBandwidth } from './disk-bandwidth.js';
import { median } from './quantiles.js';

/** Spans per append: what an OpenTelemetry BatchSpanProcessor sends by default. */
export const APPEND_BATCH_ROWS = 512;

export interface AppendPhaseConfig {
  dir: string;
  seed: number;
  rounds: number;
  appenderCounts: readonly number[];
  /** Appends (batches) per run. */
  appendsPerRun: number;
  /** Distinct generated batches, reused in turn. */
  distinctBatches: number;
  diskBytes: number;
  diskChunkBytes: number;
}

export interface AppendPhaseResult {
  /** Bytes per second, one per round. */
  diskBandwidth: number[];
  /** Runs per appender count, one per round. */
  runs: { appenders: number; rounds: AppendRun[] }[];
}

export async function runAppendPhase(c: AppendPhaseConfig): Promise<AppendPhaseResult> {
  const batches = splitBatch(
    realisticBatch(APPEND_BATCH_ROWS * c.distinctBatches, { seed: c.seed }),
    APPEND_BATCH_ROWS,
  );
  const result: AppendPhaseResult = {
    diskBandwidth: [],
    runs: c.appenderCounts.map((appenders) => ({ appenders, rounds: [] })),
  };
  for (let round = 0; round < c.rounds; round++) {
    result.diskBandwidth.push(
      await measureDiskBandwidth({ dir: c.dir, totalBytes: c.diskBytes, chunkBytes: c.diskChunkBytes }),
    );
    for (const r of result.runs) {
      r.rounds.push(
        await measureAppend({ dir: c.dir, batches, appenders: r.appenders, appends: c.appendsPerRun }),
      );
    }
  }
  return result;
}

/** The median round of a list of runs, by throughput. */
export function medianRun(rounds: readonly AppendRun[]): AppendRun {
  const rate = median(rounds.map((r) => r.spansPerSecond));
  const run = rounds.find((r) => r.spansPerSecond === rate);
  if (run === undefined) throw new RangeError('no runs');
  return run;
}
