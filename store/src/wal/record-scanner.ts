import { crc32 } from 'node:zlib';
import type { Disk } from '../io/disk.js';
import { readFully } from '../io/disk.js';
import { fromSystemError } from '../errors.js';
import { FILE_HEADER_BYTES } from './file-header.js';
import { walFileName } from './file-name.js';
import { FRAME_HEADER_BYTES } from './frame.js';
import type { WalCutReason, WalRecord } from './replay.js';

/** Bytes read per disk read while scanning; larger records get a buffer of their own size. */
export const SCAN_CHUNK_BYTES = 1024 * 1024;

/** The result of scanning one file's records. */
export interface FileScan {
  /** Offset just past the last valid record. */
  end: number;
  /** Why the scan stopped before the end of the file, if it did. */
  reason: WalCutReason | undefined;
  records: number;
}

/**
 * Reads the records of log files in large chunks through one reusable buffer and hands each
 * valid payload to a callback as a view of that buffer: memory stays at one chunk (or the largest
 * record), whatever the size of the log.
 */
export class RecordScanner {
  private buf = Buffer.allocUnsafe(SCAN_CHUNK_BYTES);
  /** File offset of `buf[0]`, and the end of the valid bytes in `buf`, as file offsets. */
  private winStart = 0;
  private winEnd = 0;

  constructor(
    private readonly disk: Disk,
    private readonly maxRecordBytes: number,
  ) {}

  /**
   * Delivers the records of file `seq` (open as `fd`, `size` bytes, header already checked) up to
   * the first one that fails; reports where it stopped.
   */
  scanFile(fd: number, seq: number, size: number, onRecord: (record: WalRecord) => void): FileScan {
    this.winStart = FILE_HEADER_BYTES;
    this.winEnd = FILE_HEADER_BYTES;
    let pos = FILE_HEADER_BYTES;
    let records = 0;
    const stop = (reason: WalCutReason): FileScan => ({ end: pos, reason, records });
    while (pos < size) {
      if (size - pos < FRAME_HEADER_BYTES) return stop('frame-header');
      // A file that shrinks under a reader (the writer cutting a failed write) reads short.
      if (!this.fill(fd, seq, size, pos, FRAME_HEADER_BYTES)) return stop('past-end');
      const at = pos - this.winStart;
      const length = this.buf.readUInt32LE(at);
      const checksum = this.buf.readUInt32LE(at + 4);
      if (length === 0) return stop('empty-record');
      if (length > this.maxRecordBytes) return stop('over-limit');
      if (length > size - pos - FRAME_HEADER_BYTES) return stop('past-end');
      if (!this.fill(fd, seq, size, pos, FRAME_HEADER_BYTES + length)) return stop('past-end');
      const start = pos - this.winStart + FRAME_HEADER_BYTES;
      const payload = this.buf.subarray(start, start + length);
      if (crc32(payload) !== checksum) return stop('checksum');
      onRecord({ payload, file: seq, offset: pos });
      records++;
      pos += FRAME_HEADER_BYTES + length;
    }
    return { end: pos, reason: undefined, records };
  }

  /** Makes file bytes [pos, pos + need) available in the buffer; false if the file ends first. */
  private fill(fd: number, seq: number, size: number, pos: number, need: number): boolean {
    if (pos + need <= this.winEnd) return true;
    const kept = this.winEnd - pos;
    if (need > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, SCAN_CHUNK_BYTES));
      grown.set(this.buf.subarray(pos - this.winStart, this.winEnd - this.winStart));
      this.buf = grown;
    } else {
      this.buf.copyWithin(0, pos - this.winStart, this.winEnd - this.winStart);
    }
    this.winStart = pos;
    const want = Math.min(this.buf.length - kept, size - this.winEnd);
    try {
      this.winEnd += readFully(this.disk, fd, this.buf, kept, want, this.winEnd);
    } catch (err) {
      throw fromSystemError(err, `reading WAL file ${walFileName(seq)}`);
    }
    return pos + need <= this.winEnd;
  }
}
