/**
 * The goals of issue 8, each a ratio of Laptime to one peer on one workload, and the verdict in
 * words. A ratio is always "how many times better Laptime is": peer time / Laptime time for
 * latencies, Laptime rate / peer rate for throughput, peer bytes / Laptime bytes for size.
 */
import type { SystemName } from './systems/system.js';

export type Measure = 'ingest' | 'statsOne' | 'exactWindow' | 'bytes';

export interface Goal {
  workload: Measure;
  peer: Exclude<SystemName, 'laptime'>;
  /** At least this many times better. */
  atLeast: number;
}

export const GOALS: readonly Goal[] = [
  { workload: 'ingest', peer: 'sqlite', atLeast: 3 },
  { workload: 'ingest', peer: 'duckdb', atLeast: 1 },
  { workload: 'statsOne', peer: 'sqlite', atLeast: 1000 },
  { workload: 'statsOne', peer: 'duckdb', atLeast: 100 },
  // "Faster than DuckDB": strictly better, so a tie is not met.
  { workload: 'exactWindow', peer: 'duckdb', atLeast: 1 },
  { workload: 'bytes', peer: 'duckdb', atLeast: 1 },
  { workload: 'bytes', peer: 'sqlite', atLeast: 2 },
];

export interface Verdict {
  goal: Goal;
  ratio: number;
  met: boolean;
}

/** Judges `ratio` (NaN when the peer was not run) against the goal. */
export function judge(goal: Goal, ratio: number): Verdict {
  const strict = goal.workload === 'exactWindow';
  return { goal, ratio, met: strict ? ratio > goal.atLeast : ratio >= goal.atLeast };
}
