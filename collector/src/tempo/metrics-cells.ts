/** Per-group, per-step accumulators of a TraceQL metrics answer. */
import type { DDSketch } from '@laptime/store';

/**
 * Accumulated figures of one group: span counts per step, and duration sketches per step (a
 * scan), or the aggregates' quantiles in ms per step (NaN: no span) by quantile.
 */
export interface GroupCells {
  counts: Float64Array;
  sketches: (DDSketch | null)[];
  fixed?: Map<number, Float64Array>;
}

export type Groups = Map<string, GroupCells>;

/** The cells of group `key`, created empty when new. */
export function cellsOf(groups: Groups, key: string, points: number): GroupCells {
  let cells = groups.get(key);
  if (cells === undefined) {
    cells = { counts: new Float64Array(points), sketches: new Array<DDSketch | null>(points).fill(null) };
    groups.set(key, cells);
  }
  return cells;
}
