import * as path from 'node:path';
import { Aggregates } from '../aggregate/aggregates.js';
import type { PoolStats } from '../bufferpool/pool.js';
import { BufferPool } from '../bufferpool/pool.js';
import type { LaptimeError } from '../errors.js';
import { CheckpointBehindError, ClosedError, CorruptError, fromSystemError } from '../errors.js';
import { encodeRows } from '../row/encode-rows.js';
import { validateBatch } from '../row/validate.js';
import type { Row, RowBatch } from '../row/types.js';
import { walFileName } from '../wal/file-name.js';
import type { WalDamage } from '../wal/replay.js';
import { describeWalDamage } from '../wal/scan.js';
import { Wal } from '../wal/wal.js';
import type { DirLock } from './lock.js';
import { acquireLock } from './lock.js';
import type { Manifest } from './manifest.js';
import { emptyManifest, readManifest } from './manifest.js';
import type { ResolvedOptions, StoreOptions } from './options.js';
import { resolveOptions } from './options.js';
import { Segment } from './segment.js';
import { decodeAppendRecord } from './wal-record.js';
import { walDamageError } from './wal-damage.js';
import { salvageWal } from './wal-salvage.js';
import { writeSeriesCap } from './series-cap.js';
import { StoreView } from './view.js';
import type { ReaderOptions } from './reader.js';
import { StoreReader } from './reader.js';
import type { VerifyReport } from './verify.js';
import { verifyStore } from './verify.js';
import type { CheckpointStatus } from './write/checkpoint-status.js';
import { CheckpointTracker } from './write/checkpoint-status.js';
import { readCheckpointStatus, recordCheckpointStatus } from './write/checkpoint-status-file.js';
import { AGG_DIR, removeUnreferenced, writeCheckpoint } from './write/checkpoint.js';
import { runSliced } from './write/sliced.js';
import type { PreparedGroup } from './write/commit-pipeline.js';
import { CommitPipeline } from './write/commit-pipeline.js';
import { applyRows } from './write/applier.js';
import { pickExpired } from './write/retention.js';

/** Where `append` put the rows: global indexes [first, first + count). */
export interface AppendResult {
  first: number;
  count: number;
}

/** Options of `append`. */
export interface AppendOptions {
  /**
   * The batch's rows were already checked with the store's `checkRow` (or `checkExtras` and
   * `checkContext` plus the fixed-field checks) by the decoder that built it: skip checking again.
   */
  validated?: boolean;
}

/** Counters for `/metrics` and benchmarks. */
export interface StoreMetrics {
  rows: number;
  firstIndex: number;
  expiredRows: number;
  series: number;
  seriesOverflow: number;
  walBytesWritten: number;
  walBytes: number;
  walFsyncs: number;
  checkpoints: number;
  /** Checkpoints that failed since open (`laptime_checkpoint_failures_total`). */
  checkpointFailures: number;
  lastCheckpointMs: number;
  pendingBytes: number;
  segments: number;
  pool: PoolStats;
  aggregatesBytes: number;
}

/** Share of dirty bufferpool frames past which the background cleaner starts. */
const CLEAN_AT_DIRTY_SHARE = 0.25;
const WAL_DIR = 'wal';

function isRowBatch(x: unknown): x is RowBatch {
  return typeof x === 'object' && x !== null && (x as RowBatch).extrasEnd instanceof Uint32Array;
}

function batchBytes(b: RowBatch): number {
  return b.extras.length + b.length * 80;
}

/**
 * The writer: one per data directory. Appends are durable when their promise resolves; reads
 * (`fetch`, `stats`, `scan`, `series`) are synchronous and see every resolved append.
 */
export class Store extends StoreView {
  private readonly pipeline: CommitPipeline;
  private checkpointWaiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private walSinceCheckpoint = 0;
  private readonly checkpointTracker = new CheckpointTracker();
  private rowsAtCheckpoint = 0;
  private failed: LaptimeError | null = null;
  private timer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  /** The background page cleaner's run, while one runs. */
  private cleaning: Promise<void> | null = null;
  private active!: Segment;
  private nextSegmentId = 0;
  private expiredRows = 0;

  private constructor(
    readonly dir: string,
    private readonly opts: ResolvedOptions,
    private readonly lock: DirLock,
    private readonly pool: BufferPool,
    private manifest: Manifest,
  ) {
    super();
    const rowEnd = (): number => this.rowEnd;
    this.pipeline = new CommitPipeline(
      {
        get rowEnd() {
          return rowEnd();
        },
        compress: opts.walCompression,
        commit: (g) => this.commitGroup(g),
        checkpoint: () => this.checkpointNow(),
      },
      opts.maxPendingBytes,
    );
  }

  private wal!: Wal;

  /** Opens (or creates) the store in `dir`: takes the writer lock, recovers, and is ready. */
  static async open(dir: string, options: StoreOptions = {}): Promise<Store> {
    const opts = resolveOptions(options);
    const disk = opts.disk;
    try {
      disk.mkdir(dir);
      disk.mkdir(path.join(dir, WAL_DIR));
      disk.mkdir(path.join(dir, AGG_DIR));
    } catch (err) {
      throw fromSystemError(err, `creating ${dir}`);
    }
    const lock = acquireLock(dir);
    try {
      const manifest = readManifest(disk, dir) ?? emptyManifest(opts.pageSize);
      await writeSeriesCap(disk, dir, opts.maxSeries);
      if (opts.salvageWal) {
        const salvaged = await salvageWal(disk, dir, manifest);
        if (salvaged !== null) opts.onEvent(salvaged);
      }
      const pool = new BufferPool({
        budgetBytes: opts.poolBytes,
        pageSize: manifest.pageSize,
        disk,
        replacer: opts.eviction,
      });
      const store = new Store(dir, opts, lock, pool, manifest);
      try {
        await store.recover();
      } catch (err) {
        for (const s of store.segments) s.close();
        throw err;
      }
      store.startTimer();
      return store;
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  /**
   * Recovery: the last checkpoint's segments and aggregates, then the WAL from the replay point.
   * Rows below the checkpoint's row count only rewrite column pages; later ones count fully.
   */
  private async recover(): Promise<void> {
    const m = this.manifest;
    const disk = this.opts.disk;
    this.agg = m.aggregates
      ? Aggregates.deserialize(disk.readFile(path.join(this.dir, AGG_DIR, m.aggregates)), this.aggOptions())
      : new Aggregates(this.aggOptions());
    this.segments = m.segments.map((meta) =>
      Segment.open(this.pool, disk, this.dir, meta, true, this.openFiles),
    );
    this.nextSegmentId = m.nextSegmentId;
    this.firstLive = m.firstLiveRow;
    this.expiredRows = m.expiredRows;
    const last = this.segments[this.segments.length - 1];
    if (last === undefined || last.sealed) this.startSegment(m.rowCount);
    this.active = this.segments[this.segments.length - 1]!;
    this.active.positionAt(m.replayRow - this.active.base, m.replayHeap);
    this.rowEnd = m.replayRow;
    const walDir = path.join(this.dir, WAL_DIR);
    let damage: WalDamage | null = null;
    const { wal, recovery } = await Wal.open(
      { dir: walDir, disk },
      {
        fromRow: m.replayRow,
        onDamage: (d) => {
          damage = d;
        },
        onRecord: (rec) => {
          for (const { first, batch } of decodeAppendRecord(rec.payload, walDir).batches) {
            const end = first + batch.length;
            if (end <= this.rowEnd) continue;
            if (first > this.rowEnd) {
              if (damage !== null) throw walDamageError(damage, this.rowEnd, first);
              throw new CorruptError(
                `the write-ahead log jumps from row ${this.rowEnd} to ${first}; rows in between are lost`,
              );
            }
            if (damage !== null) {
              // The damaged record held only rows the checkpoint's pages already have.
              this.opts.onEvent({ type: 'wal-damage-skipped', message: describeWalDamage(damage) });
              damage = null;
            }
            applyRows(this.agg, this.active, batch, first, this.rowEnd - first, m.rowCount);
            this.rowEnd = end;
          }
        },
      },
    );
    this.wal = wal;
    const cut = recovery.cut;
    if (cut !== undefined) {
      const file = `${WAL_DIR}/${cut.deletedFiles[0] ?? walFileName(cut.file)}`;
      this.opts.onEvent({ type: 'wal-cut', file, offset: cut.offset, reason: cut.reason, bytes: cut.bytes });
    }
    if (this.rowEnd < m.rowCount) {
      throw new CorruptError(
        `${this.dir}: the write-ahead log ends at row ${this.rowEnd} but the checkpoint covers ${m.rowCount} rows`,
      );
    }
    this.rowsAtCheckpoint = m.rowCount;
  }

  private aggOptions(): { maxSeries: number; bucketBudgetBytes: number; relativeAccuracy: number } {
    return {
      maxSeries: this.opts.maxSeries,
      bucketBudgetBytes: this.opts.bucketBytes,
      relativeAccuracy: 0.01,
    };
  }

  private startSegment(base: number): void {
    const seg = Segment.create(
      this.pool,
      this.opts.disk,
      this.dir,
      this.nextSegmentId++,
      base,
      this.opts.now(),
      this.openFiles,
    );
    this.segments.push(seg);
    this.active = seg;
  }

  private startTimer(): void {
    this.timer = setInterval(() => {
      const due = this.rowEnd > this.rowsAtCheckpoint && this.checkpointTracker.mayStart(this.opts.now());
      // The outcome is recorded in checkpointStatus(); nobody waits for a timed checkpoint.
      if (due && !this.closed) this.checkpoint().catch(() => undefined);
    }, this.opts.checkpointMs);
    this.timer.unref();
  }

  // ------------------------------------------------------------------ append

  /**
   * Appends rows (logical rows, or a columnar batch from a decoder). All or nothing: an invalid
   * row throws InvalidRowError naming it and nothing is stored. Resolves once the rows are durable
   * (WAL fsync, shared with concurrent appends: group commit) and visible to reads.
   */
  append(rows: readonly Row[] | RowBatch, options: AppendOptions = {}): Promise<AppendResult> {
    try {
      this.assertOpen();
      if (this.failed) throw this.failed;
      if (this.walSinceCheckpoint >= this.opts.maxWalBytes) throw this.walFull();
      const batch = isRowBatch(rows) ? rows : encodeRows(rows);
      // Batches from decoders are checked here unless the decoder checked every row with the
      // store's own checks (encodeRows always checks its own).
      if (isRowBatch(rows) && !options.validated) validateBatch(batch);
      if (batch.length === 0) return Promise.resolve({ first: this.rowEnd, count: 0 });
      return this.pipeline.enqueue(batch, batchBytes(batch));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private walFull(): CheckpointBehindError {
    const last = this.checkpointTracker.status().lastError;
    const why = last === null ? 'a checkpoint is running' : `the last checkpoint failed: ${last.message}`;
    return new CheckpointBehindError(
      `the write-ahead log holds ${this.walSinceCheckpoint} bytes past the last checkpoint, at its bound of ${this.opts.maxWalBytes} (maxWalBytes); ${why}; retry shortly`,
    );
  }

  /** Makes a prepared group durable, applies it and acknowledges its appends. */
  private async commitGroup(g: PreparedGroup): Promise<void> {
    try {
      if (this.failed) throw this.failed;
      if (g.error !== null || g.payload === null) throw g.error;
      await this.wal.append(g.payload, g.first, g.rows);
    } catch (err) {
      const e = fromSystemError(err, 'writing the write-ahead log');
      for (const p of g.group) p.reject(e);
      return;
    }
    // Durable from here on: the rows are acknowledged even if applying them fails below.
    try {
      for (const b of g.batches) {
        applyRows(this.agg, this.active, b.batch, b.first, 0, this.rowEnd);
        this.rowEnd = b.first + b.batch.length;
      }
    } catch (err) {
      this.failed = fromSystemError(err, 'applying appended rows');
      this.rowEnd = g.first + g.rows;
    }
    for (let i = 0; i < g.group.length; i++) {
      g.group[i]!.resolve({ first: g.batches[i]!.first, count: g.batches[i]!.batch.length });
    }
    this.startCleaner();
    this.walSinceCheckpoint += g.payload.length;
    const due = this.walSinceCheckpoint >= this.checkpointTrigger() || this.segmentWantsSeal();
    if (due && this.checkpointTracker.mayStart(this.opts.now())) this.pipeline.wantCheckpoint();
  }

  /**
   * Starts writing back dirty pages in the background once enough of the pool is dirty, so that
   * appends needing a frame find a clean one instead of writing one back synchronously.
   */
  private startCleaner(): void {
    if (this.cleaning !== null || this.pool.dirtyShare < CLEAN_AT_DIRTY_SHARE) return;
    this.cleaning = this.active
      .clean()
      // A page that could not be written stays dirty: eviction or the checkpoint writes it.
      .catch(() => undefined)
      .finally(() => {
        this.cleaning = null;
      });
  }

  /** WAL bytes that start a checkpoint: early enough that the WAL bound is not reached first. */
  private checkpointTrigger(): number {
    return Math.min(this.opts.checkpointBytes, this.opts.maxWalBytes / 2);
  }

  private segmentWantsSeal(): boolean {
    const a = this.active;
    return a.rows >= this.opts.segmentRows || a.wantsSeal;
  }

  // ------------------------------------------------------------------ checkpoint

  /**
   * Makes the columns, dictionaries and aggregates durable, publishes a new manifest atomically
   * and trims the WAL. Runs between group commits; appends keep queueing meanwhile. A failure
   * rejects (and is counted in {@link checkpointStatus}); the store keeps appending and serving,
   * and retries on its own after a backoff.
   */
  checkpoint(): Promise<void> {
    if (this.closed) return Promise.reject(new ClosedError());
    return new Promise<void>((resolve, reject) => {
      this.checkpointWaiters.push({ resolve, reject });
      this.pipeline.requestCheckpoint();
    });
  }

  /** How checkpoints are going: count, last success, last error, consecutive failures. */
  checkpointStatus(): CheckpointStatus {
    return this.checkpointTracker.status();
  }

  private async checkpointNow(): Promise<void> {
    const waiters = this.checkpointWaiters.splice(0);
    const started = this.opts.now();
    try {
      await this.writeCheckpoint();
      const hadFailed = this.checkpointTracker.status().consecutiveFailures > 0;
      this.checkpointTracker.succeeded(this.opts.now(), this.opts.now() - started);
      if (hadFailed) recordCheckpointStatus(this.opts.disk, this.dir, this.checkpointTracker.status());
      for (const w of waiters) w.resolve();
    } catch (err) {
      const e = fromSystemError(err, 'writing a checkpoint');
      this.scheduleRetry(this.checkpointTracker.failed(this.opts.now(), e));
      recordCheckpointStatus(this.opts.disk, this.dir, this.checkpointTracker.status());
      for (const w of waiters) w.reject(e);
    }
  }

  /** Tries a failed checkpoint again after `delayMs` (the tracker's backoff). */
  private scheduleRetry(delayMs: number): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      // The outcome is recorded by checkpointNow; nobody else waits for this attempt.
      if (!this.closed) this.checkpoint().catch(() => undefined);
    }, delayMs);
    this.retryTimer.unref();
  }

  private async writeCheckpoint(): Promise<void> {
    // The cleaner pins pages of the active segment while it writes: let it finish first.
    await this.cleaning;
    const now = this.opts.now();
    const active = this.active;
    const seal =
      active.rows > 0 &&
      (this.segmentWantsSeal() ||
        now - active.createdAt >= this.opts.segmentMs ||
        this.activeTooBigForMaxBytes());
    const result = await writeCheckpoint({
      dir: this.dir,
      disk: this.opts.disk,
      now,
      published: this.manifest,
      rowEnd: this.rowEnd,
      segments: this.segments,
      active,
      seal,
      dropped: pickExpired(this.segments, this.opts, this.wal.size, now),
      expiredRows: this.expiredRows,
      nextSegmentId: this.nextSegmentId,
      serializeAggregates: () => runSliced(this.aggregates.serializeSteps()),
      createSegment: (id, base) =>
        Segment.create(this.pool, this.opts.disk, this.dir, id, base, now, this.openFiles),
    });
    // Published: from here on only memory changes, which cannot fail.
    if (result.next !== null) {
      active.markSealed();
      this.active = result.next;
    }
    this.manifest = result.manifest;
    this.nextSegmentId = result.manifest.nextSegmentId;
    this.segments = result.segments;
    this.firstLive = result.manifest.firstLiveRow;
    this.expiredRows = result.manifest.expiredRows;
    this.walSinceCheckpoint = 0;
    this.rowsAtCheckpoint = result.manifest.rowCount;
    // The WAL keeps what it cannot trim now; the next checkpoint trims it.
    try {
      this.wal.trim(result.replayRow);
    } catch {
      // Kept files are only replayed past the published replay row: nothing is lost.
    }
    removeUnreferenced(this.opts.disk, this.dir, result);
  }

  /**
   * The active segment's share of maxBytes: its files plus what this checkpoint is about to flush
   * into them (the WAL bytes since the last one), since the decision is taken before the flush.
   */
  private activeTooBigForMaxBytes(): boolean {
    const { maxBytes } = this.opts;
    return maxBytes !== null && this.active.diskBytes() + this.walSinceCheckpoint > maxBytes / 8;
  }

  // ------------------------------------------------------------------ lifecycle

  /** Finishes pending appends, writes a final checkpoint and releases the directory. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.timer) clearInterval(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    let error: Error | null = null;
    // A failed store closes without a checkpoint: the next open recovers from the disk.
    if (this.failure === null) {
      try {
        await this.checkpoint();
      } catch (err) {
        error = err instanceof Error ? err : new Error(String(err));
      }
    }
    await this.pipeline.idle();
    await this.cleaning;
    this.closed = true;
    try {
      for (const s of this.segments) s.close();
      await this.wal.close();
    } catch (err) {
      error ??= fromSystemError(err, 'closing the store');
    } finally {
      this.lock.release();
    }
    if (error) throw error;
  }

  /**
   * Why the store cannot append until it is reopened (a failed WAL fsync, rows that could not be
   * applied), or null while it works. Reopening recovers from the disk as a restart would.
   */
  get failure(): LaptimeError | null {
    return this.failed ?? this.wal.failure ?? null;
  }

  metrics(): StoreMetrics {
    const cp = this.checkpointTracker.status();
    return {
      rows: this.rowEnd,
      firstIndex: this.firstLive,
      expiredRows: this.expiredRows,
      series: this.aggregates.seriesCount,
      seriesOverflow: this.aggregates.overflowed,
      walBytesWritten: this.wal.bytesWritten,
      walBytes: this.wal.size,
      walFsyncs: this.wal.fsyncs,
      checkpoints: cp.checkpoints,
      checkpointFailures: cp.failures,
      lastCheckpointMs: cp.lastDurationMs,
      pendingBytes: this.pipeline.pendingBytes,
      segments: this.segments.length,
      pool: this.pool.stats(),
      aggregatesBytes: this.aggregates.memoryBytes(),
    };
  }

  /** A read-only snapshot of `dir`, safe beside a writer in another process. */
  static openReader(dir: string, options?: ReaderOptions): Promise<StoreReader> {
    return StoreReader.open(dir, options);
  }

  /**
   * The checkpoint status the writer of `dir` (another process) left because its checkpoints fail,
   * or null when they do not (`laptime check`).
   */
  static checkpointStatusOf(dir: string): (CheckpointStatus & { pid: number }) | null {
    return readCheckpointStatus(dir);
  }

  /** Checks every page, row and aggregate of `dir`; read-only. */
  static verify(dir: string, options?: ReaderOptions): Promise<VerifyReport> {
    return verifyStore(dir, options);
  }

  /** Bytes the store takes on disk: segments and WAL. */
  diskBytes(): number {
    return this.segments.reduce((n, s) => n + s.diskBytes(), 0) + this.wal.size;
  }
}
