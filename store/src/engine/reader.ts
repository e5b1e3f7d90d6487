import * as path from 'node:path';
import { Aggregates } from '../aggregate/aggregates.js';
import { BufferPool } from '../bufferpool/pool.js';
import {
  CorruptError,
  InvalidArgumentError,
  LaptimeError,
  NotFoundError,
  fromSystemError,
} from '../errors.js';
import type { Disk } from '../io/disk.js';
import { nodeDisk } from '../io/disk.js';
import { readWal } from '../wal/reader.js';
import type { Manifest } from './manifest.js';
import { emptyManifest, readManifest } from './manifest.js';
import { Segment } from './segment.js';
import type { OverlayBatch } from './view.js';
import { StoreView } from './view.js';
import { decodeAppendRecord, recordRows } from './wal-record.js';
import { durationNs } from './duration.js';
import { walDamageError } from './wal-damage.js';
import { readSeriesCap } from './series-cap.js';
import type { WalDamage } from '../wal/replay.js';

/** Options of `Store.openReader`. */
export interface ReaderOptions {
  /** Bufferpool budget of the reader in MiB. Default 16. */
  poolMB?: number;
  disk?: Disk;
}

const DEFAULT_READER_POOL_MB = 16;
/** A writer checkpoint racing the reader's open makes it start over, this many times at most. */
const OPEN_ATTEMPTS = 5;

/** The rows and aggregates of a directory as a consistent, read-only snapshot. */
export interface Snapshot {
  manifest: Manifest;
  segments: Segment[];
  overlay: OverlayBatch[];
  aggregates: Aggregates;
  rowEnd: number;
}

/**
 * A read-only snapshot of a data directory, safe to open while a writer appends in another
 * process: rows up to the last checkpoint's replay point come from immutable column pages, the
 * rest from the write-ahead log (checksummed records, stopping at a torn tail).
 */
export class StoreReader extends StoreView {
  private constructor(
    readonly dir: string,
    private readonly pool: BufferPool,
    readonly manifest: Manifest,
  ) {
    super();
  }

  static open(dir: string, options: ReaderOptions = {}): Promise<StoreReader> {
    return Promise.resolve().then(() => StoreReader.openSync(dir, options));
  }

  private static openSync(dir: string, options: ReaderOptions): StoreReader {
    const disk = options.disk ?? nodeDisk;
    if (!disk.exists(dir)) throw new InvalidArgumentError(`no data directory at ${dir}`);
    const poolMB = options.poolMB ?? DEFAULT_READER_POOL_MB;
    let lastError: unknown = null;
    for (let attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
      const manifest = readManifest(disk, dir);
      const pool = new BufferPool({
        budgetBytes: Math.floor(poolMB * 1024 * 1024),
        pageSize: manifest?.pageSize ?? 32 * 1024,
        disk,
      });
      const reader = new StoreReader(dir, pool, manifest ?? emptyManifest(32 * 1024));
      try {
        reader.load(disk);
        return reader;
      } catch (err) {
        reader.closeSegments();
        // A checkpoint of the writer may have trimmed the log or dropped a segment meanwhile.
        if (err instanceof RacedError || (err as NodeJS.ErrnoException).code === 'ENOENT') {
          lastError = err;
          continue;
        }
        throw err instanceof LaptimeError ? err : fromSystemError(err, `reading ${dir}`);
      }
    }
    throw new CorruptError(`${dir}: could not take a consistent snapshot (${String(lastError)})`);
  }

  private load(disk: Disk): void {
    const m = this.manifest;
    const cap = readSeriesCap(disk, this.dir);
    const opts = cap === undefined ? {} : { maxSeries: cap };
    this.agg = m.aggregates
      ? Aggregates.deserialize(disk.readFile(path.join(this.dir, 'agg', m.aggregates)), opts)
      : new Aggregates(opts);
    this.segments = m.segments.map((meta) =>
      Segment.open(this.pool, disk, this.dir, meta, false, this.openFiles),
    );
    this.firstLive = m.firstLiveRow;
    this.overlayFrom = m.replayRow;
    this.rowEnd = m.replayRow;
    const walDir = path.join(this.dir, 'wal');
    if (!disk.exists(walDir)) {
      if (m.rowCount > m.replayRow) throw new RacedError('the write-ahead log is missing');
      return;
    }
    // Only the records' row ranges are read now (deflated records say them in their header); rows
    // are decoded when a fetch, scan or statistic needs them.
    let damage: WalDamage | null = null;
    readWal(
      { dir: walDir, disk },
      {
        fromRow: m.replayRow,
        onDamage: (d) => {
          damage = d;
        },
        onRecord: (rec) => {
          const { first, rows } = recordRows(rec.payload, walDir);
          const end = first + rows;
          if (rows === 0 || end <= this.rowEnd) return;
          if (first > this.rowEnd && damage !== null) throw walDamageError(damage, this.rowEnd, first);
          if (first > this.rowEnd)
            throw new RacedError(`the log starts at row ${first}, after ${this.rowEnd}`);
          this.records.push({ first, rows, payload: new Uint8Array(rec.payload) });
          this.rowEnd = end;
        },
      },
    );
    if (this.rowEnd < m.rowCount)
      throw new RacedError(`the log ends at row ${this.rowEnd} before ${m.rowCount}`);
  }

  /** The WAL records past the replay point, kept as written (deflated). */
  private readonly records: TailRecord[] = [];
  private tailCounted = false;
  private cached: { record: TailRecord; batches: OverlayBatch[] } | null = null;

  private decode(record: TailRecord): OverlayBatch[] {
    if (this.cached?.record === record) return this.cached.batches;
    const batches = decodeAppendRecord(record.payload, path.join(this.dir, 'wal')).batches.map(
      ({ first, batch }) => this.overlayOf(first, batch),
    );
    this.cached = { record, batches };
    return batches;
  }

  protected override *overlayBatches(desc: boolean): Iterable<OverlayBatch> {
    const records = desc ? [...this.records].reverse() : this.records;
    for (const r of records) {
      const batches = this.decode(r);
      yield* desc ? [...batches].reverse() : batches;
    }
  }

  protected override overlayBatchAt(index: number): OverlayBatch | null {
    let lo = 0;
    let hi = this.records.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.records[mid]!;
      if (index < r.first) hi = mid - 1;
      else if (index >= r.first + r.rows) lo = mid + 1;
      else return this.decode(r).find((o) => index >= o.first && index < o.first + o.batch.length) ?? null;
    }
    return null;
  }

  /** Counts the tail rows the checkpoint's aggregates do not hold yet, once. */
  protected override prepareAggregates(): void {
    if (this.tailCounted) return;
    this.tailCounted = true;
    const from = this.manifest.rowCount;
    for (const r of this.records) {
      if (r.first + r.rows <= from) continue;
      for (const o of this.decode(r)) {
        for (let i = 0; i < o.batch.length; i++) {
          if (o.first + i < from) continue;
          const startNs = o.batch.starts[2 * i + 1]! * 4294967296 + o.batch.starts[2 * i]!;
          this.agg.add(o.series[i]!, startNs / 1e6, o.durations[i]!, o.batch.statusCodes[i] === 2);
        }
      }
    }
  }

  private overlayOf(first: number, batch: OverlayBatch['batch']): OverlayBatch {
    const n = batch.length;
    const series = new Uint32Array(n);
    const durations = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      series[i] = this.agg.seriesId(batch.strings[batch.services[i]!]!, batch.strings[batch.names[i]!]!);
      durations[i] = durationNs(batch, i);
    }
    return { first, batch, series, durations };
  }

  private closeSegments(): void {
    for (const s of this.segments) s.close();
    this.segments = [];
  }

  /** The checkpoint sequence this snapshot started from. */
  get checkpoint(): number {
    return this.manifest.checkpoint;
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.closeSegments();
    }
    return Promise.resolve();
  }

  /** For verify: segments and overlay of the snapshot. */
  snapshot(): Snapshot {
    if (this.closed) throw new NotFoundError('the reader is closed');
    return {
      manifest: this.manifest,
      segments: this.segments,
      overlay: [...this.overlayBatches(false)],
      aggregates: this.aggregates,
      rowEnd: this.rowEnd,
    };
  }
}

/** A WAL record of the tail: its rows and its bytes as written. */
interface TailRecord {
  first: number;
  rows: number;
  payload: Uint8Array;
}

/** The writer moved on while the snapshot was being taken: try again. */
class RacedError extends Error {}
