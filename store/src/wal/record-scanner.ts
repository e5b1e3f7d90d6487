import { crc32 } from 'node:zlib';
import type { Disk } from '../io/disk.js';
import { readFully } from '../io/disk.js';
import { fromSystemError } from '../errors.js';
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
   * Delivers the records of file `seq` (open as `fd`, `size` bytes, header already checked) from
   * offset `from` up to the first one that fails; reports where it stopped.
   */
  scanFile(
    fd: number,
    seq: number,
    size: number,
    from: number,
    onRecord: (record: WalRecord) => void,
  ): FileScan {
    this.winStart = from;
    this.winEnd = from;
    let pos = from;
    let records = 0;
    while (pos < size) {
      const frame = this.frameAt(fd, seq, size, pos);
      if (typeof frame === 'string') return { end: pos, reason: frame, records };
      onRecord({ payload: frame, file: seq, offset: pos });
      records++;
      pos += FRAME_HEADER_BYTES + frame.length;
    }
    return { end: pos, reason: undefined, records };
  }

  /**
   * The offset of the first intact frame at or after `from` in file `seq`, if any: where the
   * records after a damaged one resume. Tries every byte offset, but computes a checksum only
   * where the length field fits the file, so a zero-filled or garbage tail costs one pass.
   */
  findFrame(fd: number, seq: number, size: number, from: number): number | undefined {
    this.winStart = from;
    this.winEnd = from;
    for (let pos = from; pos + FRAME_HEADER_BYTES < size; pos++) {
      if (typeof this.frameAt(fd, seq, size, pos) !== 'string') return pos;
    }
    return undefined;
  }

  /** The payload of the frame at `pos`, a view of the buffer; or why there is none. */
  private frameAt(fd: number, seq: number, size: number, pos: number): Uint8Array | WalCutReason {
    if (size - pos < FRAME_HEADER_BYTES) return 'frame-header';
    // A file that shrinks under a reader (the writer cutting a failed write) reads short.
    if (!this.fill(fd, seq, size, pos, FRAME_HEADER_BYTES)) return 'past-end';
    const at = pos - this.winStart;
    const length = this.buf.readUInt32LE(at);
    const checksum = this.buf.readUInt32LE(at + 4);
    if (length === 0) return 'empty-record';
    if (length > this.maxRecordBytes) return 'over-limit';
    if (length > size - pos - FRAME_HEADER_BYTES) return 'past-end';
    if (!this.fill(fd, seq, size, pos, FRAME_HEADER_BYTES + length)) return 'past-end';
    const start = pos - this.winStart + FRAME_HEADER_BYTES;
    const payload = this.buf.subarray(start, start + length);
    return crc32(payload) === checksum ? payload : 'checksum';
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
