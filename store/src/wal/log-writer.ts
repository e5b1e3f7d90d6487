import type { Disk } from '../io/disk.js';
import { writeFullyAsync } from '../io/disk.js';
import type { LaptimeError } from '../errors.js';
import { fromSystemError } from '../errors.js';
import { FILE_HEADER_BYTES, writeFileHeader } from './file-header.js';
import { walFileName, walFilePath } from './file-name.js';
import { frameBytes, writeFrame } from './frame.js';

/** A live log file; the last one is the current file, the one appended to. */
export interface LogFile {
  seq: number;
  /** From the header; undefined until the file's first group is durable. */
  firstRow: number | undefined;
  /** Durable bytes: the offset the next group is written at. */
  bytes: number;
  /** Whether the directory entry of the file is known durable. */
  dirSynced: boolean;
}

/** One record of a group: its payload and first row (for the header of a new file). */
export interface GroupRecord {
  payload: Uint8Array;
  firstRow: number;
}

/**
 * The log's files on disk: writes groups at the end of the current file (starting a new file
 * when it is full), cuts back failed writes, deletes old files. Owns the only write handle.
 */
export class LogWriter {
  /** Set once the tail of the current file is unknown (a failed fsync or cut): no more writes. */
  failure: LaptimeError | undefined;
  private groupBuffer = Buffer.alloc(0);
  private written = 0;
  private fsyncCount = 0;
  private liveBytes = 0;

  /**
   * @param files the valid log after recovery, oldest first.
   * @param fd a read-write handle on the last file, if there is one.
   * @param maxGroupBytes the group bound: the group buffer is kept up to this size.
   */
  constructor(
    private readonly disk: Disk,
    private readonly dir: string,
    private readonly fileBytes: number,
    private readonly maxGroupBytes: number,
    private readonly files: LogFile[],
    private fd: number | undefined,
  ) {
    for (const f of files) this.liveBytes += f.bytes;
  }

  get bytesWritten(): number {
    return this.written;
  }

  get fsyncs(): number {
    return this.fsyncCount;
  }

  get size(): number {
    return this.liveBytes;
  }

  /** First row of the current file: no record in it starts below. */
  get currentFirstRow(): number | undefined {
    return this.files.at(-1)?.firstRow;
  }

  /**
   * One write and one fsync of the whole group at the end of the current file. A failed write is
   * cut back to the durable end; a failed fsync sets {@link failure}. Throws catalogue errors.
   */
  async writeGroup(group: readonly GroupRecord[]): Promise<void> {
    const first = group[0];
    if (first === undefined) return;
    const file = this.currentFile();
    const fd = this.fd as number;
    const name = walFileName(file.seq);
    const headerBytes = file.bytes === 0 ? FILE_HEADER_BYTES : 0;
    let total = headerBytes;
    for (const record of group) total += frameBytes(record.payload.length);
    const buf = this.bufferFor(total);
    if (headerBytes > 0) writeFileHeader(buf, file.seq, first.firstRow);
    let at = headerBytes;
    for (const record of group) at = writeFrame(buf, at, record.payload);

    try {
      await writeFullyAsync(this.disk, fd, buf, 0, total, file.bytes);
    } catch (err) {
      await this.cutBack(file, fd);
      throw fromSystemError(err, `writing WAL file ${name}`);
    }
    try {
      await this.fsync(fd);
      if (!file.dirSynced) this.disk.fsyncDir(this.dir);
      file.dirSynced = true;
    } catch (err) {
      // The kernel may have dropped the unwritten pages and cleared the error ("fsyncgate"):
      // nothing about this file can be trusted until it is rescanned.
      this.failure = fromSystemError(err, `fsyncing WAL file ${name}`);
      await this.cutBack(file, fd);
      throw this.failure;
    }
    file.bytes += total;
    file.firstRow ??= first.firstRow;
    this.liveBytes += total;
    this.written += total;
  }

  /**
   * Deletes the oldest files while the next file's first row is at or below `belowRow`; never the
   * current file. Returns the number deleted.
   */
  trim(belowRow: number): number {
    let deleted = 0;
    for (;;) {
      const [oldest, next] = this.files;
      if (oldest === undefined || next?.firstRow === undefined || next.firstRow > belowRow) break;
      // One file at a time, durably, oldest first: a crash leaves no gap in the numbering.
      try {
        this.disk.unlink(walFilePath(this.dir, oldest.seq));
        this.disk.fsyncDir(this.dir);
      } catch (err) {
        throw fromSystemError(err, `deleting WAL file ${walFileName(oldest.seq)}`);
      }
      this.files.shift();
      this.liveBytes -= oldest.bytes;
      deleted++;
    }
    return deleted;
  }

  /** Closes the write handle; a current file still empty (its first group failed) is deleted. */
  close(): void {
    try {
      if (this.fd !== undefined) this.disk.close(this.fd);
      this.fd = undefined;
      const current = this.files.at(-1);
      // Left behind, an empty file would read as a torn header at the next recovery.
      if (current?.bytes === 0) {
        this.disk.unlink(walFilePath(this.dir, current.seq));
        this.disk.fsyncDir(this.dir);
        this.files.pop();
      }
    } catch (err) {
      throw fromSystemError(err, `closing WAL in ${this.dir}`);
    }
  }

  /** The file to append to: a new one when there is none or the current one is full. */
  private currentFile(): LogFile {
    const current = this.files.at(-1);
    if (current !== undefined && this.fd !== undefined && current.bytes < this.fileBytes) return current;
    const seq = (current?.seq ?? 0) + 1;
    let fd: number;
    try {
      fd = this.disk.open(walFilePath(this.dir, seq), 'wx');
    } catch (err) {
      throw fromSystemError(err, `creating WAL file ${walFileName(seq)}`);
    }
    const previous = this.fd;
    this.fd = fd;
    const file: LogFile = { seq, firstRow: undefined, bytes: 0, dirSynced: false };
    this.files.push(file);
    if (previous !== undefined) {
      try {
        this.disk.close(previous);
      } catch {
        // Everything in the previous file is already fsynced: a failed close loses nothing.
      }
    }
    return file;
  }

  /**
   * Cuts the file back to its durable end after a failed write or fsync, so that no part of a
   * rejected group can be recovered later. If even that fails, the tail is unknown: writing stops.
   */
  private async cutBack(file: LogFile, fd: number): Promise<void> {
    try {
      this.disk.truncate(fd, file.bytes);
      await this.fsync(fd);
    } catch (err) {
      this.failure ??= fromSystemError(err, `cutting WAL file ${walFileName(file.seq)} back after a failure`);
    }
  }

  private async fsync(fd: number): Promise<void> {
    this.fsyncCount++;
    await this.disk.fsync(fd);
  }

  /** The group buffer: reused up to the group bound, a one-off for a lone larger record. */
  private bufferFor(bytes: number): Buffer {
    if (bytes <= this.groupBuffer.length) return this.groupBuffer;
    const retained = this.maxGroupBytes + FILE_HEADER_BYTES;
    if (bytes > retained) return Buffer.allocUnsafe(bytes);
    this.groupBuffer = Buffer.allocUnsafe(Math.min(retained, Math.max(bytes, 2 * this.groupBuffer.length)));
    return this.groupBuffer;
  }
}
