/** A trace as Tempo's search lists it: root service and name, start and duration. */
import type { Row } from '@laptime/store';
import type { CollectorContext } from '../context.js';
import { fetchLive } from './candidate-spans.js';

/**
 * Most spans of one trace read for its summary; a bigger trace is summarized from its first
 * ones (in index order, which is arrival order, so the root is usually among them).
 */
export const MAX_SUMMARY_SPANS = 10_000;

/** What Tempo answers for a trace whose root span has not arrived. */
export const NO_ROOT = '<root span not yet received>';

export interface TraceSummary {
  rootServiceName: string;
  rootTraceName: string;
  startTimeUnixNano: string;
  /** Whole milliseconds, as Tempo's uint32 field. */
  durationMs: number;
}

/** Summary of the trace whose stored spans are at `indexes` (at least one). */
export function summarize(ctx: CollectorContext, indexes: readonly number[]): TraceSummary {
  let root: Row | null = null;
  let start = -1n;
  let end = 0n;
  for (const index of indexes.slice(0, MAX_SUMMARY_SPANS)) {
    const row = fetchLive(ctx, index);
    if (row === null) continue;
    if (start < 0n || row.startTimeUnixNano < start) start = row.startTimeUnixNano;
    if (row.endTimeUnixNano > end) end = row.endTimeUnixNano;
    if (row.parentSpanId === null && (root === null || row.startTimeUnixNano < root.startTimeUnixNano))
      root = row;
  }
  return {
    rootServiceName: root?.service ?? NO_ROOT,
    rootTraceName: root?.name ?? NO_ROOT,
    // No span left (all dropped by retention since the search): an empty trace at time zero.
    startTimeUnixNano: (start < 0n ? 0n : start).toString(),
    durationMs: start < 0n ? 0 : Math.round(Number(end - start) / 1e6),
  };
}
