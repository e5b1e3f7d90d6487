import { InvalidArgumentError } from '../errors.js';
import type { Disk } from '../io/disk.js';
import { nodeDisk } from '../io/disk.js';
import type { StoreEvent } from './store-event.js';

/** Options of `Store.open`. Every bound is named here with its default. */
export interface StoreOptions {
  /** Bufferpool budget in MiB (all page memory). Default 64. */
  poolMB?: number;
  /** Page size in bytes, fixed when the store is created. Default 32 KiB. */
  pageSize?: number;
  /** Drop segments whose newest span started longer ago than this (`'7d'`, `'12h'`, or ms). */
  retention?: string | number;
  /** Drop the oldest segments while the store is larger than this (`'10GB'`, or bytes). */
  maxBytes?: string | number;
  /** Cardinality cap: at most this many series; more go to `__overflow__`. Default 10,000. */
  maxSeries?: number;
  /** Checkpoint after this many WAL bytes. Default 64 MiB. */
  checkpointBytes?: number;
  /** Checkpoint at least this often while rows arrive, in ms. Default 30 s. */
  checkpointMs?: number;
  /** A segment is sealed (at a checkpoint) once it holds this many rows. Default 1,048,576. */
  segmentRows?: number;
  /** A segment is sealed (at a checkpoint) once it is this old, in ms. Default 1 h. */
  segmentMs?: number;
  /**
   * Bound on the write-ahead log: while checkpoints fail or lag and the WAL holds this many bytes
   * past the last checkpoint, appends are refused with CheckpointBehindError instead of filling the disk.
   * Checkpoints start by half of it at the latest. Default 1 GiB.
   */
  maxWalBytes?: string | number;
  /** Appends waiting for the WAL beyond this many bytes are refused with OverloadedError. Default 256 MiB. */
  maxPendingBytes?: number;
  /** Memory budget of the recent-window time buckets, in MiB. Default 64. */
  bucketMB?: number;
  /** Bufferpool eviction policy. Default 'clock'. */
  eviction?: 'clock' | 'lru-k';
  /**
   * Deflate WAL records (level 1): about 5x fewer WAL bytes for generated spans, for about 2 ms of
   * CPU per 512 spans on the commit path. Worth it where the disk's bandwidth, not the CPU, bounds
   * appends (network or rotating disks); on local SSDs it costs a single writer about a third of
   * its rate (`npm run bench -- --wal-compression` against a plain run). Default false.
   */
  walCompression?: boolean;
  /**
   * Opening a store whose WAL is damaged in the middle (a record fails its checks but intact ones
   * follow) is refused with CorruptError, since going on would lose the rows after it. With this
   * option the log is salvaged instead: the damaged records are dropped, every intact record
   * after them is kept with its rows renumbered to follow on (indexes past the damage move down
   * by the rows lost), the damaged log is moved to `wal.damaged-<time>` in the data directory,
   * and a `wal-salvaged` event says what happened. Default false.
   */
  salvageWal?: boolean;
  /** Told about things an operator should know although nothing failed (a cut WAL tail, ...). */
  onEvent?: (event: StoreEvent) => void;
  /** File layer (tests inject faults through it). */
  disk?: Disk;
  /** Clock in unix ms (tests). */
  now?: () => number;
}

export interface ResolvedOptions {
  poolBytes: number;
  pageSize: number;
  retentionMs: number | null;
  maxBytes: number | null;
  maxSeries: number;
  checkpointBytes: number;
  checkpointMs: number;
  segmentRows: number;
  segmentMs: number;
  maxPendingBytes: number;
  maxWalBytes: number;
  bucketBytes: number;
  eviction: 'clock' | 'lru-k';
  walCompression: boolean;
  salvageWal: boolean;
  onEvent: (event: StoreEvent) => void;
  disk: Disk;
  now: () => number;
}

const MiB = 1024 * 1024;

export const DEFAULTS = {
  poolMB: 64,
  pageSize: 32 * 1024,
  maxSeries: 10_000,
  checkpointBytes: 64 * MiB,
  checkpointMs: 30_000,
  segmentRows: 1 << 20,
  segmentMs: 3_600_000,
  maxPendingBytes: 256 * MiB,
  maxWalBytes: 1024 * MiB,
  bucketMB: 64,
} as const;

/** Upper bound of rows in one segment: heap offsets are u32 and row slots must stay addressable. */
export const MAX_SEGMENT_ROWS = 1 << 26;

const DURATION_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
const BYTE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  tb: 1000 ** 4,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** Parses `'7d'`, `'12h'`, `'90s'`, `'250ms'` or a number of ms. */
export function parseDuration(value: string | number, option: string): number {
  if (typeof value === 'number') return positive(value, option);
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)\s*$/i.exec(value);
  if (!m) throw new InvalidArgumentError(`${option}: '${value}' is not a duration (examples: 90s, 12h, 7d)`);
  return positive(Number(m[1]) * DURATION_UNITS[m[2]!.toLowerCase()]!, option);
}

/** Parses `'10GB'`, `'512MiB'`, `'1000'` or a number of bytes. */
export function parseBytes(value: string | number, option: string): number {
  if (typeof value === 'number') return positive(value, option);
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)?\s*$/i.exec(value);
  if (!m) throw new InvalidArgumentError(`${option}: '${value}' is not a size (examples: 512MB, 10GB, 1GiB)`);
  return positive(Math.floor(Number(m[1]) * BYTE_UNITS[(m[2] ?? 'b').toLowerCase()]!), option);
}

function positive(v: number, option: string): number {
  if (!Number.isFinite(v) || v <= 0)
    throw new InvalidArgumentError(`${option}: must be a positive number, got ${v}`);
  return v;
}

function integerIn(v: number, lo: number, hi: number, option: string): number {
  if (!Number.isInteger(v) || v < lo || v > hi) {
    throw new InvalidArgumentError(`${option}: must be an integer from ${lo} to ${hi}, got ${v}`);
  }
  return v;
}

/** Applies defaults and checks every option, naming the option and the value on error. */
export function resolveOptions(o: StoreOptions = {}): ResolvedOptions {
  const pageSize = integerIn(o.pageSize ?? DEFAULTS.pageSize, 4096, 1 << 20, 'pageSize');
  if ((pageSize & (pageSize - 1)) !== 0)
    throw new InvalidArgumentError(`pageSize: must be a power of two, got ${pageSize}`);
  const poolBytes = Math.floor(positive(o.poolMB ?? DEFAULTS.poolMB, 'poolMB') * MiB);
  if (poolBytes < pageSize * MIN_POOL_PAGES) {
    throw new InvalidArgumentError(
      `poolMB: the pool needs at least ${MIN_POOL_PAGES} pages of ${pageSize} bytes, got ${poolBytes} bytes`,
    );
  }
  const eviction = o.eviction ?? 'clock';
  if (eviction !== 'clock' && eviction !== 'lru-k') {
    throw new InvalidArgumentError(`eviction: must be 'clock' or 'lru-k', got '${String(eviction)}'`);
  }
  return {
    poolBytes,
    pageSize,
    retentionMs: o.retention === undefined ? null : parseDuration(o.retention, 'retention'),
    maxBytes: o.maxBytes === undefined ? null : parseBytes(o.maxBytes, 'maxBytes'),
    maxSeries: integerIn(o.maxSeries ?? DEFAULTS.maxSeries, 1, 10_000_000, 'maxSeries'),
    checkpointBytes: positive(o.checkpointBytes ?? DEFAULTS.checkpointBytes, 'checkpointBytes'),
    checkpointMs: positive(o.checkpointMs ?? DEFAULTS.checkpointMs, 'checkpointMs'),
    segmentRows: integerIn(o.segmentRows ?? DEFAULTS.segmentRows, 1, MAX_SEGMENT_ROWS, 'segmentRows'),
    segmentMs: positive(o.segmentMs ?? DEFAULTS.segmentMs, 'segmentMs'),
    maxPendingBytes: positive(o.maxPendingBytes ?? DEFAULTS.maxPendingBytes, 'maxPendingBytes'),
    maxWalBytes: parseBytes(o.maxWalBytes ?? DEFAULTS.maxWalBytes, 'maxWalBytes'),
    bucketBytes: Math.floor(positive(o.bucketMB ?? DEFAULTS.bucketMB, 'bucketMB') * MiB),
    eviction,
    walCompression: o.walCompression ?? false,
    salvageWal: o.salvageWal ?? false,
    onEvent: o.onEvent ?? (() => undefined),
    disk: o.disk ?? nodeDisk,
    now: o.now ?? Date.now,
  };
}

/**
 * The fewest pages a pool may have: every column of the open segment keeps its tail page pinned
 * (11 files), plus room to read other pages and to scan.
 */
export const MIN_POOL_PAGES = 16;
