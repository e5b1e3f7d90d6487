import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { CorruptError, FormatVersionError, fromSystemError } from '../errors.js';
import type { Disk } from '../io/disk.js';
import { writeFileAtomic } from '../io/atomic-file.js';

export const MANIFEST_FILE = 'MANIFEST';
export const MANIFEST_FORMAT_VERSION = 1;

/** A segment as of a checkpoint. Times are unix ns as decimal strings (exact). */
export interface SegmentMeta {
  id: number;
  /** Global index of the segment's first row. */
  base: number;
  /** Rows in the segment's columns at the checkpoint. */
  rows: number;
  /** Bytes of heap used at the checkpoint. */
  heapBytes: number;
  /** Contexts in the segment's context table at the checkpoint. */
  contexts: number;
  minStartNs: string;
  maxStartNs: string;
  /** Unix ms when the segment was started. */
  createdAt: number;
  /** A sealed segment never changes again. */
  sealed: boolean;
}

/** The last checkpoint: what recovery starts from. */
export interface Manifest {
  formatVersion: number;
  pageSize: number;
  /** Checkpoint sequence number, 1 for the first. */
  checkpoint: number;
  /** Rows [0, rowCount) are in the columns and counted in the aggregates file. */
  rowCount: number;
  /** WAL replay starts at this row; rows [replayRow, rowCount) rewrite column data only. */
  replayRow: number;
  /** Heap offset, in the last segment, of the extras of row `replayRow`. */
  replayHeap: number;
  /** Rows below this index were dropped by retention. */
  firstLiveRow: number;
  nextSegmentId: number;
  segments: SegmentMeta[];
  /** Aggregates file (under agg/) of this checkpoint, or null when there are no rows. */
  aggregates: string | null;
  /** Rows dropped by retention so far. */
  expiredRows: number;
  updatedAt: number;
}

export function emptyManifest(pageSize: number): Manifest {
  return {
    formatVersion: MANIFEST_FORMAT_VERSION,
    pageSize,
    checkpoint: 0,
    rowCount: 0,
    replayRow: 0,
    replayHeap: 0,
    firstLiveRow: 0,
    nextSegmentId: 0,
    segments: [],
    aggregates: null,
    expiredRows: 0,
    updatedAt: 0,
  };
}

function encode(m: Manifest): Buffer {
  const body = JSON.stringify(m);
  return Buffer.from(`${body}\n${crc32(body).toString(16).padStart(8, '0')}\n`, 'utf8');
}

/** Parses a manifest file's bytes: checksum first, then version. */
export function decodeManifest(bytes: Buffer, where: string): Manifest {
  const text = bytes.toString('utf8');
  const nl = text.lastIndexOf('\n', text.length - 2);
  if (nl < 0) throw new CorruptError(`${where}: truncated manifest`);
  const body = text.slice(0, nl);
  const sum = text.slice(nl + 1).trim();
  if (crc32(body).toString(16).padStart(8, '0') !== sum)
    throw new CorruptError(`${where}: manifest checksum mismatch`);
  let m: Manifest;
  try {
    m = JSON.parse(body) as Manifest;
  } catch {
    throw new CorruptError(`${where}: manifest is not valid JSON`);
  }
  if (m.formatVersion !== MANIFEST_FORMAT_VERSION) {
    throw new FormatVersionError(
      `${where}: manifest format version ${m.formatVersion} is not supported (this build reads ${MANIFEST_FORMAT_VERSION})`,
    );
  }
  return m;
}

/** Reads the manifest of `dir`, or null for a new directory. */
export function readManifest(disk: Disk, dir: string): Manifest | null {
  const file = path.join(dir, MANIFEST_FILE);
  if (!disk.exists(file)) return null;
  let bytes: Buffer;
  try {
    bytes = disk.readFile(file);
  } catch (err) {
    throw fromSystemError(err, `reading ${file}`);
  }
  return decodeManifest(bytes, file);
}

/**
 * Publishes a manifest atomically (temp file, fsync, rename, fsync of the directory): a crash or a
 * failure at any point leaves either the old or the new manifest, never a mix.
 */
export function writeManifest(disk: Disk, dir: string, m: Manifest): Promise<void> {
  return writeFileAtomic(disk, dir, MANIFEST_FILE, encode(m));
}
