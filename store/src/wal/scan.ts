import type { Disk } from '../io/disk.js';
import { CorruptError, ExpiredError, fromSystemError } from '../errors.js';
import { FILE_HEADER_BYTES, readFileHeader } from './file-header.js';
import { listWalFiles, walFileName, walFilePath } from './file-name.js';
import { RecordScanner } from './record-scanner.js';
import type { WalCutReason, WalDamage, WalReplay, WalStop } from './replay.js';

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
  /** Undefined for a torn header. */
  firstRow: number | undefined;
}

/**
 * Scans the log in `dir` in order and delivers every valid record to `replay.onRecord`. The first
 * record or file header that fails ends the log when nothing intact follows it (a torn tail);
 * when intact records follow, the log is damaged: `replay.onDamage` decides (skip it and go on,
 * or throw), and without a handler the scan throws a CorruptError naming it. Reads only:
 * cutting is the writer's business. One file is open at a time, whatever the length of the log.
 */
export function scanWal(
  disk: Disk,
  dir: string,
  maxRecordBytes: number,
  replay: WalReplay,
  mode: ScanMode,
): ScanResult {
  const listed = listWalFiles(disk, dir);
  const headers = readHeaders(disk, dir, listed, mode);
  const start = startIndex(headers, replay.fromRow, mode);
  const files: ScannedFile[] = headers.slice(0, start).map((h, i) => scanned(headers, i, h.size));
  const scanner = new RecordScanner(disk, maxRecordBytes);
  const onRecord = replay.onRecord.bind(replay);
  const onDamage = replay.onDamage?.bind(replay) ?? refuseDamage;
  let records = 0;
  let stop: ScanStop | undefined;
  let from = FILE_HEADER_BYTES;
  for (let i = start; i < headers.length;) {
    const h = headers[i]!;
    let end = 0;
    let reason: WalCutReason = 'file-header';
    if (h.firstRow !== undefined) {
      const scan = withFile(disk, dir, h.seq, mode, (fd, size) =>
        scanner.scanFile(fd, h.seq, size, from, onRecord),
      );
      records += scan.records;
      if (scan.reason === undefined) {
        files.push(scanned(headers, i, scan.end));
        i++;
        from = FILE_HEADER_BYTES;
        continue;
      }
      end = scan.end;
      reason = scan.reason;
    }
    const resume = findResume(disk, dir, scanner, headers, i, h.firstRow === undefined ? null : end, mode);
    if (resume === undefined) {
      // The cut deletes a file whose header is torn; any other keeps its valid bytes.
      if (h.firstRow !== undefined) files.push(scanned(headers, i, end));
      stop = { file: h.seq, offset: end, reason, fileBytes: h.size };
      break;
    }
    let bytes = -end;
    for (let j = i; j < resume.index; j++) {
      bytes += headers[j]!.size;
      files.push(scanned(headers, j, headers[j]!.size));
    }
    bytes += resume.index === i ? resume.offset : resume.offset - FILE_HEADER_BYTES;
    onDamage({
      file: h.seq,
      offset: end,
      reason,
      resumeFile: headers[resume.index]!.seq,
      resumeOffset: resume.offset,
      bytes,
    });
    i = resume.index;
    from = resume.offset;
  }
  return { listed, files, stop, records };
}

/** How a damaged log is described: the failing record and where intact ones resume. */
export function describeWalDamage(d: WalDamage): string {
  const what = d.reason === 'file-header' ? 'its file header is' : `the record at byte ${d.offset} is`;
  return (
    `WAL file ${walFileName(d.file)}: ${what} damaged (${d.reason}), and intact records follow ` +
    `(from ${walFileName(d.resumeFile)} byte ${d.resumeOffset})`
  );
}

function refuseDamage(d: WalDamage): never {
  throw new CorruptError(`${describeWalDamage(d)}; nothing was cut`);
}

/** File `i` of the log as scanned, `bytes` long; a torn header takes the next known first row. */
function scanned(headers: readonly FileHeader[], i: number, bytes: number): ScannedFile {
  const h = headers[i]!;
  // A later file's first row bounds this file's records from above: `trim` stays conservative.
  const firstRow = h.firstRow ?? headers.slice(i).find((n) => n.firstRow !== undefined)?.firstRow ?? 0;
  return { seq: h.seq, firstRow, bytes };
}

/**
 * The next intact frame after a failure in file `i` (at offset `end`, or null for a torn file
 * header): later in the same file, else the first intact frame of a later file.
 */
function findResume(
  disk: Disk,
  dir: string,
  scanner: RecordScanner,
  headers: readonly FileHeader[],
  i: number,
  end: number | null,
  mode: ScanMode,
): { index: number; offset: number } | undefined {
  for (let j = end === null ? i + 1 : i; j < headers.length; j++) {
    const h = headers[j]!;
    if (h.firstRow === undefined) continue;
    const from = j === i ? end! + 1 : FILE_HEADER_BYTES;
    const offset = withFile(disk, dir, h.seq, mode, (fd, size) => scanner.findFrame(fd, h.seq, size, from));
    if (offset !== undefined) return { index: j, offset };
  }
  return undefined;
}

/** Runs `use` on file `seq` opened for reading, with its size. */
function withFile<T>(
  disk: Disk,
  dir: string,
  seq: number,
  mode: ScanMode,
  use: (fd: number, size: number) => T,
): T {
  const fd = openLogFile(disk, dir, seq, mode);
  try {
    return use(fd, sizeOf(disk, fd, seq));
  } finally {
    disk.close(fd);
  }
}

/** Reads the headers of the listed files in order; a torn one has no first row. */
function readHeaders(disk: Disk, dir: string, listed: number[], mode: ScanMode): FileHeader[] {
  const headers: FileHeader[] = [];
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
    try {
      const size = sizeOf(disk, fd, seq);
      headers.push({ seq, size, firstRow: readFileHeader(disk, fd, size, seq) });
    } finally {
      disk.close(fd);
    }
  }
  return headers;
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
  const oldest = headers.find((h) => h.firstRow !== undefined);
  if (fromRow === undefined || oldest?.firstRow === undefined) return 0;
  if (oldest.firstRow > fromRow) {
    const message = `WAL rows from ${fromRow} are gone: the oldest WAL file starts at row ${oldest.firstRow}`;
    throw mode.concurrentWriter
      ? new ExpiredError(`${message} (trimmed by the writer since this reader's checkpoint)`)
      : new CorruptError(message);
  }
  let start = 0;
  for (const [i, h] of headers.entries()) if (h.firstRow !== undefined && h.firstRow <= fromRow) start = i;
  return start;
}
