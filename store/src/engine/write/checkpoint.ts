import * as path from 'node:path';
import { writeFileAtomic } from '../../io/atomic-file.js';
import type { Disk } from '../../io/disk.js';
import type { Manifest } from '../manifest.js';
import { writeManifest } from '../manifest.js';
import type { Segment } from '../segment.js';

/** Folder of the aggregates files, one per checkpoint. */
export const AGG_DIR = 'agg';

/** Everything a checkpoint needs, read from the live store before any I/O. */
export interface CheckpointPlan {
  dir: string;
  disk: Disk;
  now: number;
  /** The manifest on disk now. */
  published: Manifest;
  /** Rows [0, rowEnd) are applied and go into this checkpoint. */
  rowEnd: number;
  segments: readonly Segment[];
  /** The segment being written (the last one). */
  active: Segment;
  /** Seal the active segment in this checkpoint. */
  seal: boolean;
  /** Sealed segments that retention drops in this checkpoint (the oldest ones). */
  dropped: readonly Segment[];
  expiredRows: number;
  /** The id the next segment gets. */
  nextSegmentId: number;
  /** Encodes the aggregates of rows [0, rowEnd); may yield to the event loop between slices. */
  serializeAggregates(): Promise<Uint8Array>;
  /** Creates the segment that follows a sealed one (on disk, not yet part of the store). */
  createSegment(id: number, base: number): Segment;
}

/** What a published checkpoint changes in the live store. */
export interface CheckpointResult {
  manifest: Manifest;
  /** Segments still kept, in order, the new one (if any) last. */
  segments: Segment[];
  /** The segment that follows the sealed one, or null when nothing was sealed. */
  next: Segment | null;
  dropped: readonly Segment[];
  /** The WAL may drop records below this row. */
  replayRow: number;
}

/**
 * Writes a checkpoint as a transaction: flush and fsync the columns, write the trace index of a
 * segment being sealed, create the next segment, write the aggregates, publish the manifest. Only
 * file I/O happens here: the live store changes nothing until this resolves, so a failure at any
 * step leaves it appending and serving as before, and the disk at the last published checkpoint
 * plus the WAL. The caller then commits the result to its own state (`Segment.markSealed`, ...).
 */
export async function writeCheckpoint(plan: CheckpointPlan): Promise<CheckpointResult> {
  const { active, seal } = plan;
  await active.flush();
  let replay = active.replayPoint();
  if (seal) {
    await active.writeTraceIndex();
    replay = { row: plan.rowEnd, heap: 0 };
  }
  const next = seal ? plan.createSegment(plan.nextSegmentId, plan.rowEnd) : null;
  try {
    const checkpoint = plan.published.checkpoint + 1;
    const aggName = `${String(checkpoint).padStart(16, '0')}.agg`;
    await writeFileAtomic(plan.disk, path.join(plan.dir, AGG_DIR), aggName, await plan.serializeAggregates());
    const live = plan.segments.filter((s) => !plan.dropped.includes(s));
    const kept = next === null ? live : [...live, next];
    const metas = kept.map((s) => (s === active && seal ? { ...s.meta(), sealed: true } : s.meta()));
    const manifest: Manifest = {
      ...plan.published,
      checkpoint,
      rowCount: plan.rowEnd,
      replayRow: replay.row,
      replayHeap: replay.heap,
      firstLiveRow: live[0]!.base,
      nextSegmentId: plan.nextSegmentId + (next === null ? 0 : 1),
      segments: metas,
      aggregates: aggName,
      expiredRows: plan.expiredRows + plan.dropped.reduce((n, s) => n + s.rows, 0),
      updatedAt: plan.now,
    };
    await writeManifest(plan.disk, plan.dir, manifest);
    return {
      manifest,
      segments: kept,
      next,
      dropped: plan.dropped,
      replayRow: replay.row,
    };
  } catch (err) {
    next?.drop();
    throw err;
  }
}

/**
 * Removes what the published checkpoint no longer needs: dropped segments and older aggregates
 * files. A failure here loses nothing (the manifest no longer names these files): what is left
 * is removed at a later checkpoint (aggregates) or stays as an unnamed directory (segments).
 */
export function removeUnreferenced(disk: Disk, dir: string, result: CheckpointResult): void {
  for (const s of result.dropped) {
    try {
      s.drop();
    } catch {
      // Closed in memory already; only the directory may remain.
    }
  }
  try {
    const aggDir = path.join(dir, AGG_DIR);
    for (const f of disk.readdir(aggDir)) {
      if (f !== result.manifest.aggregates) disk.unlink(path.join(aggDir, f));
    }
  } catch {
    // Older aggregates files are unnamed garbage: the next checkpoint removes them.
  }
}
