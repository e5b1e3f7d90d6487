import { OverloadedError } from '../../errors.js';
import type { RowBatch } from '../../row/types.js';
import { deflateAppendRecord, encodeAppendRecord } from '../wal-record.js';

/** Where an append put its rows: global indexes [first, first + count). */
export interface CommitResult {
  first: number;
  count: number;
}

/** One waiting append. */
export interface Pending {
  batch: RowBatch;
  bytes: number;
  resolve: (r: CommitResult) => void;
  reject: (e: unknown) => void;
}

/** A group of appends with its row indexes assigned and its WAL record built (or failed to). */
export interface PreparedGroup {
  group: Pending[];
  batches: { first: number; batch: RowBatch }[];
  first: number;
  rows: number;
  payload: Uint8Array | null;
  error: unknown;
}

/** What the pipeline drives: the store's durable write and its checkpoint. */
export interface CommitSink {
  /** The next row index. */
  readonly rowEnd: number;
  /** Deflate WAL records. */
  readonly compress: boolean;
  /** Makes a group durable, applies it, and settles every append of it. Never rejects. */
  commit(g: PreparedGroup): Promise<void>;
  /** Runs a checkpoint between groups. Never rejects. */
  checkpoint(): Promise<void>;
}

/** Bytes of pending appends written as one WAL record at most (a group commit). */
export const MAX_GROUP_BYTES = 64 * 1024 * 1024;

/**
 * The store's group commit: appends wait in one queue; each turn takes every waiting append (up
 * to {@link MAX_GROUP_BYTES}) as one WAL record, one write and one fsync. Two stages overlap: while
 * one group is written and fsynced, the next is encoded (and deflated on the thread pool).
 * Checkpoints run between groups, in the same lane, so they see a cut with no group half applied.
 */
export class CommitPipeline {
  private readonly pending: Pending[] = [];
  private waitingBytes = 0;
  private draining = false;
  private lane: Promise<void> = Promise.resolve();
  private checkpointWanted = false;

  constructor(
    private readonly sink: CommitSink,
    private readonly maxPendingBytes: number,
  ) {}

  /** Bytes of appends waiting for their group. */
  get pendingBytes(): number {
    return this.waitingBytes;
  }

  /**
   * Queues a batch (already checked) for the next group; resolves once it is durable and applied.
   * @throws OverloadedError when more than `maxPendingBytes` already wait.
   */
  enqueue(batch: RowBatch, bytes: number): Promise<CommitResult> {
    if (this.waitingBytes + bytes > this.maxPendingBytes && this.pending.length > 0) {
      throw new OverloadedError(
        `${this.waitingBytes} bytes of appends are already waiting for the disk (limit ${this.maxPendingBytes}); retry shortly`,
      );
    }
    return new Promise<CommitResult>((resolve, reject) => {
      this.pending.push({ batch, bytes, resolve, reject });
      this.waitingBytes += bytes;
      this.kick();
    });
  }

  /** Asks for a checkpoint before the next group (the sink's checkpoint settles its own waiters). */
  requestCheckpoint(): void {
    this.checkpointWanted = true;
    this.kick();
  }

  /** Marks a checkpoint as wanted at the next turn, without starting a turn now. */
  wantCheckpoint(): void {
    this.checkpointWanted = true;
  }

  /** Resolves once every queued group and checkpoint has finished. */
  idle(): Promise<void> {
    return this.lane;
  }

  private kick(): void {
    if (this.draining) return;
    this.draining = true;
    const run = this.lane.then(() => this.drain());
    this.lane = run.then(
      () => undefined,
      () => undefined,
    );
  }

  private async drain(): Promise<void> {
    try {
      // Row indexes are assigned when a group is prepared; a group prepared behind one that failed
      // is prepared again from the real end.
      let prepared: Promise<PreparedGroup> | null = null;
      while (prepared !== null || this.pending.length > 0 || this.checkpointWanted) {
        if (prepared === null) {
          if (this.checkpointWanted) {
            this.checkpointWanted = false;
            await this.sink.checkpoint();
          }
          const group = this.takeGroup();
          if (group === null) continue;
          prepared = this.prepare(group, this.sink.rowEnd);
        }
        const current: PreparedGroup = await prepared;
        if (current.first !== this.sink.rowEnd) {
          prepared = this.prepare(current.group, this.sink.rowEnd);
          continue;
        }
        const writing = this.sink.commit(current);
        const next = this.checkpointWanted ? null : this.takeGroup();
        prepared = next === null ? null : this.prepare(next, current.first + current.rows);
        await writing;
      }
    } finally {
      this.draining = false;
    }
  }

  private takeGroup(): Pending[] | null {
    if (this.pending.length === 0) return null;
    const group: Pending[] = [];
    let bytes = 0;
    while (
      this.pending.length > 0 &&
      (group.length === 0 || bytes + this.pending[0]!.bytes <= MAX_GROUP_BYTES)
    ) {
      const p = this.pending.shift()!;
      bytes += p.bytes;
      group.push(p);
    }
    this.waitingBytes -= bytes;
    return group;
  }

  /** Assigns row indexes from `first` and encodes (and deflates) the group's WAL record. */
  private async prepare(group: Pending[], first: number): Promise<PreparedGroup> {
    let at = first;
    const batches = group.map((p) => {
      const b = { first: at, batch: p.batch };
      at += p.batch.length;
      return b;
    });
    try {
      const record = encodeAppendRecord({ batches });
      const payload = this.sink.compress ? await deflateAppendRecord(record, first, at - first) : record;
      return { group, batches, first, rows: at - first, payload, error: null };
    } catch (err) {
      return { group, batches, first, rows: at - first, payload: null, error: err };
    }
  }
}
