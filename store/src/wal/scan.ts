import type { Disk } from '../io/disk.js';
import { CorruptError, ExpiredError, fromSystemError } from '../errors.js';
import { readFileHeader } from './file-header.js';
import { listWalFiles, walFileName, walFilePath } from './file-name.js';
import { RecordScanner } from './record-scanner.js';
import type { WalReplay, WalStop } from './replay.js';

/** A file of the valid log. */
export interface ScannedFile {
  seq: number;
  /** From the header: every record of earlier files ends at or below it. */
  firstRow: number;
  /** Valid bytes: up to the stop in the file where the scan stopped, else the whole file. */
  bytes: number;
}

/** Where a scan stopped, with the size of that file. */
export type ScanStop = WalStop & { fileBytes: number };

/** What a scan found. */
export interface ScanResult {
  /** Every log file listed, ascending (including any after the stop). */
  listed: number[];
  /** The valid log, oldest first. */
  files: ScannedFile[];
  /** The first failing record or file header, if any: the log ends there. */
  stop: ScanStop | undefined;
  records: number;
}

/** How a scan treats the files it lists. */
export interface ScanMode {
  /**
   * A read-only reader scans while the writer trims files away: a file that vanished, or a gap in
   * the numbering, means everything before it was trimmed. For the writer both are corruption.
   * A `fromRow` below the oldest file is a stale reader (ExpiredError) or a lost log (CorruptError).
   */
  concurrentWriter: boolean;
}

interface FileHeader {
  seq: number;
  size: number;
  firstRow: number;
}

/**
 * Scans the log in `dir` in order and delivers every valid record to `replay.onRecord`, stopping
 * at the first record or file header that fails. Reads only: cutting is the writer's business.
 * One file is open at a time, whatever the length of the log.
 */
export function scanWal(
  disk: Disk,
  dir: string,
  maxRecordBytes: number,
  replay: WalReplay,
  mode: ScanMode,
): ScanResult {
  const listed = listWalFiles(disk, dir);
  const headers: FileHeader[] = [];
  let stop = readHeaders(disk, dir, listed, mode, headers);
  const start = startIndex(headers, replay.fromRow, mode);
  const files: ScannedFile[] = headers
    .slice(0, start)
    .map((h) => ({ seq: h.seq, firstRow: h.firstRow, bytes: h.size }));
  const scanner = new RecordScanner(disk, maxRecordBytes);
  const onRecord = replay.onRecord.bind(replay);
  let records = 0;
  for (const h of headers.slice(start)) {
    const fd = openLogFile(disk, dir, h.seq, mode);
    try {
      const size = sizeOf(disk, fd, h.seq);
      const scan = scanner.scanFile(fd, h.seq, size, onRecord);
      records += scan.records;
      files.push({ seq: h.seq, firstRow: h.firstRow, bytes: scan.end });
      if (scan.reason !== undefined) {
        stop = { file: h.seq, offset: scan.end, reason: scan.reason, fileBytes: size };
        break;
      }
    } finally {
      disk.close(fd);
    }
  }
  return { listed, files, stop, records };
}

/**
 * Checks the headers of the listed files in order, appending the log's to `headers`; returns the
 * stop if a torn header ends the log.
 */
function readHeaders(
  disk: Disk,
  dir: string,
  listed: number[],
  mode: ScanMode,
  headers: FileHeader[],
): ScanStop | undefined {
  for (const seq of listed) {
    const prev = headers.at(-1);
    if (prev !== undefined && seq !== prev.seq + 1) {
      if (!mode.concurrentWriter)
        throw new CorruptError(`WAL file ${walFileName(prev.seq + 1)} is missing before ${walFileName(seq)}`);
      headers.length = 0;
    }
    let fd: number;
    try {
      fd = disk.open(walFilePath(dir, seq), 'r');
    } catch (err) {
      if (!mode.concurrentWriter || !isMissing(err))
        throw fromSystemError(err, `opening WAL file ${walFileName(seq)}`);
      headers.length = 0;
      continue;
    }
    let size: number;
    let firstRow: number | undefined;
    try {
      size = sizeOf(disk, fd, seq);
      firstRow = readFileHeader(disk, fd, size, seq);
    } finally {
      disk.close(fd);
    }
    if (firstRow === undefined) return { file: seq, offset: 0, reason: 'file-header', fileBytes: size };
    headers.push({ seq, size, firstRow });
  }
  return undefined;
}

/** Opens a file whose header was read; a reader may find it trimmed away meanwhile. */
function openLogFile(disk: Disk, dir: string, seq: number, mode: ScanMode): number {
  try {
    return disk.open(walFilePath(dir, seq), 'r');
  } catch (err) {
    if (mode.concurrentWriter && isMissing(err))
      throw new ExpiredError(`WAL file ${walFileName(seq)} was trimmed by the writer while being read`);
    throw fromSystemError(err, `opening WAL file ${walFileName(seq)}`);
  }
}

function sizeOf(disk: Disk, fd: number, seq: number): number {
  try {
    return disk.size(fd);
  } catch (err) {
    throw fromSystemError(err, `sizing WAL file ${walFileName(seq)}`);
  }
}

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** Index of the file holding `fromRow`: the last whose first row is at or below it. */
function startIndex(headers: FileHeader[], fromRow: number | undefined, mode: ScanMode): number {
  const oldest = headers[0];
  if (fromRow === undefined || oldest === undefined) return 0;
  if (oldest.firstRow > fromRow) {
    const message = `WAL rows from ${fromRow} are gone: the oldest WAL file starts at row ${oldest.firstRow}`;
    throw mode.concurrentWriter
      ? new ExpiredError(`${message} (trimmed by the writer since this reader's checkpoint)`)
      : new CorruptError(message);
  }
  let start = 0;
  for (const [i, h] of headers.entries()) if (h.firstRow <= fromRow) start = i;
  return start;
}
