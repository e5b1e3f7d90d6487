import * as path from 'node:path';
import type { Disk } from '../io/disk.js';
import type { LaptimeError } from '../errors.js';
import { ClosedError, InvalidArgumentError, IoError, fromSystemError } from '../errors.js';
import type { PendingAppend } from './append-queue.js';
import { AppendQueue } from './append-queue.js';
import type { WalCut } from './cut.js';
import { cutLog } from './cut.js';
import { walFileName, walFilePath } from './file-name.js';
import { LogWriter } from './log-writer.js';
import type { WalOptions } from './options.js';
import { resolveWalOptions } from './options.js';
import type { WalReplay } from './replay.js';
import { scanWal } from './scan.js';

/** What {@link Wal.open} found and did. */
export interface WalRecovery {
  /** Records delivered to `onRecord`. */
  records: number;
  /** Log files after recovery. */
  files: number;
  /** What was cut off the end of the log, if a record or file header failed. */
  cut: WalCut | undefined;
}

export interface WalOpened {
  wal: Wal;
  recovery: WalRecovery;
}

const skipRecords: WalReplay = { onRecord: () => undefined };

/**
 * The write-ahead log: framed records in numbered files, appended with group commit and
 * acknowledged only once durable. One writer per directory (the engine's LOCK guarantees it);
 * read-only processes use {@link readWal}.
 *
 * Failure model: a failed write rejects its group, and the file is cut back to its last durable
 * offset so later appends follow on cleanly. A failed fsync leaves the file's contents unknown
 * (the kernel may have dropped the dirty pages: Postgres "fsyncgate"), so the log turns failed and
 * every later append rejects with IoError until it is reopened, which rescans the file.
 */
export class Wal {
  private readonly queue = new AppendQueue();
  private draining: Promise<void> | undefined;
  private closed = false;
  /** Row ranges ascend in the log (`trim` relies on it): ends of the last durable and queued append. */
  private durableRowEnd: number;
  private queuedRowEnd: number;

  private constructor(
    private readonly writer: LogWriter,
    private readonly maxRecordBytes: number,
    private readonly maxPendingBytes: number,
  ) {
    this.durableRowEnd = writer.currentFirstRow ?? 0;
    this.queuedRowEnd = this.durableRowEnd;
  }

  /**
   * Opens the log in `options.dir` (created when absent) for appending. Recovery first scans every
   * file from `replay.fromRow` on and delivers each valid record to `replay.onRecord`, streaming
   * (one record in memory at a time). The first record that fails (short frame header, zero
   * length, length over `maxRecordBytes` or past the end of the file, CRC mismatch) or torn file
   * header ends the log: later files are deleted, that file is truncated there, and
   * `recovery.cut` says what went.
   *
   * @throws CorruptError for a file that is not a log file, a missing file in the sequence, or a
   *   `fromRow` below the oldest file; FormatVersionError for a newer format; IoError.
   */
  static async open(options: WalOptions, replay: WalReplay = skipRecords): Promise<WalOpened> {
    const { disk, dir, fileBytes, maxRecordBytes, maxPendingBytes } = resolveWalOptions(options);
    createDir(disk, dir);
    const scan = scanWal(disk, dir, maxRecordBytes, replay, { concurrentWriter: false });
    const cut = scan.stop === undefined ? undefined : await cutLog(disk, dir, scan.stop, scan.listed);
    const files = scan.files.map((f) => ({ ...f, dirSynced: true }));
    const last = files.at(-1);
    let fd: number | undefined;
    if (last !== undefined) {
      try {
        fd = disk.open(walFilePath(dir, last.seq), 'r+');
      } catch (err) {
        throw fromSystemError(err, `opening WAL file ${walFileName(last.seq)}`);
      }
    }
    const writer = new LogWriter(disk, dir, fileBytes, maxPendingBytes, files, fd);
    return {
      wal: new Wal(writer, maxRecordBytes, maxPendingBytes),
      recovery: { records: scan.records, files: files.length, cut },
    };
  }

  /** Bytes made durable by appends since open (frames and file headers). */
  get bytesWritten(): number {
    return this.writer.bytesWritten;
  }

  /** fsyncs issued on log files since open. */
  get fsyncs(): number {
    return this.writer.fsyncs;
  }

  /** Why the log refuses appends until it is reopened (a failed fsync or cut), if it does. */
  get failure(): LaptimeError | undefined {
    return this.writer.failure;
  }

  /** Live bytes on disk, over every log file. */
  get size(): number {
    return this.writer.size;
  }

  /**
   * Appends one record and resolves once it is durable (written in full and fsynced). Appends made
   * while a group is being written are written together as the next group (one write, one fsync),
   * in call order. `payload` is read until the promise settles: do not modify it before.
   *
   * @param payload 1 to `maxRecordBytes` bytes, opaque to the log.
   * @param firstRow first row the record holds; row ranges must ascend in append order
   *   (`firstRow` at or past the end of the previous append), which is what lets `trim` decide.
   * @param rowCount rows the record holds (0 for a record without rows).
   * @returns rejects with InvalidArgumentError, ClosedError, NoSpaceError (disk full: nothing of
   *   the group was kept; the rows may be appended again) or IoError.
   */
  append(payload: Uint8Array, firstRow: number, rowCount: number): Promise<void> {
    const refusal = this.refusal(payload, firstRow, rowCount);
    if (refusal !== undefined) return Promise.reject(refusal);
    this.queuedRowEnd = firstRow + rowCount;
    return new Promise((resolve, reject) => {
      this.queue.push({ payload, firstRow, rowCount, resolve, reject });
      // Started in a microtask so that every append made in the same tick joins the first group.
      this.draining ??= Promise.resolve().then(() => this.drain());
    });
  }

  /**
   * Deletes the oldest files while every record in them ends at or below `belowRow` (known from
   * the next file's header); never the current file. Returns the number of files deleted.
   */
  trim(belowRow: number): number {
    if (this.closed) throw new ClosedError('the WAL is closed');
    if (!Number.isSafeInteger(belowRow) || belowRow < 0)
      throw new InvalidArgumentError(`trim(belowRow) needs a row index, got ${belowRow}`);
    return this.writer.trim(belowRow);
  }

  /** Waits for queued appends to commit (or fail), then closes the current file. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.draining;
    this.writer.close();
  }

  private refusal(payload: Uint8Array, firstRow: number, rowCount: number): LaptimeError | undefined {
    if (this.closed) return new ClosedError('the WAL is closed');
    if (this.writer.failure !== undefined) return failedError(this.writer.failure);
    const max = this.maxRecordBytes;
    if (!(payload instanceof Uint8Array) || payload.length === 0 || payload.length > max)
      return new InvalidArgumentError(`a WAL record payload must hold 1 to ${max} bytes`);
    if (!Number.isSafeInteger(rowCount) || rowCount < 0 || !Number.isSafeInteger(firstRow + rowCount))
      return new InvalidArgumentError(`a WAL record needs a row count, got ${rowCount}`);
    if (!Number.isSafeInteger(firstRow) || firstRow < this.queuedRowEnd)
      return new InvalidArgumentError(
        `WAL records must ascend by row: first row ${firstRow} is below ${this.queuedRowEnd}, the end of the previous record`,
      );
    return undefined;
  }

  /** Commits queued appends group by group until the queue is empty. Never rejects. */
  private async drain(): Promise<void> {
    for (
      let group = this.queue.take(this.maxPendingBytes);
      group !== undefined;
      group = this.queue.take(this.maxPendingBytes)
    ) {
      await this.commit(group);
    }
    this.draining = undefined;
  }

  /** Writes one group and settles its appends. */
  private async commit(group: PendingAppend[]): Promise<void> {
    try {
      if (this.writer.failure !== undefined) throw failedError(this.writer.failure);
      await this.writer.writeGroup(group);
      const last = group[group.length - 1];
      if (last !== undefined) this.durableRowEnd = last.firstRow + last.rowCount;
      for (const entry of group) entry.resolve();
    } catch (err) {
      const error = fromSystemError(err, 'appending to the WAL');
      for (const entry of group) entry.reject(error);
      // Nothing of the group is in the log, so its rows may be appended again.
      const queued = this.queue.last();
      this.queuedRowEnd = queued === undefined ? this.durableRowEnd : queued.firstRow + queued.rowCount;
    }
  }
}

/** What appends get once the log has failed. */
function failedError(failure: LaptimeError): IoError {
  return new IoError(`the WAL failed earlier and must be reopened: ${failure.message}`, { cause: failure });
}

/** Creates the log directory, durably, when it does not exist. */
function createDir(disk: Disk, dir: string): void {
  try {
    if (disk.exists(dir)) return;
    disk.mkdir(dir);
    disk.fsyncDir(path.dirname(dir));
  } catch (err) {
    throw fromSystemError(err, `creating WAL directory ${dir}`);
  }
}
