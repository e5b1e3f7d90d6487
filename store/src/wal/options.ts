import type { Disk } from '../io/disk.js';
import { InvalidArgumentError } from '../errors.js';

/** A new log file starts once the current one holds this many bytes (DESIGN.md `walFileBytes`). */
export const DEFAULT_WAL_FILE_BYTES = 64 * 1024 * 1024;
/** Largest record payload accepted by `append` and by recovery; a longer length field is a torn tail. */
export const DEFAULT_MAX_RECORD_BYTES = 256 * 1024 * 1024;
/** Most bytes of queued appends copied into one group (one write, one fsync). */
export const DEFAULT_MAX_PENDING_BYTES = 64 * 1024 * 1024;
/** The record length field is a u32. */
export const MAX_RECORD_BYTES_CEILING = 0xffff_ffff;

/** Options of {@link Wal.open}. */
export interface WalOptions {
  /** The log's own directory (the engine passes `<data>/wal`); created when absent. */
  dir: string;
  /** Every file operation goes through it. */
  disk: Disk;
  /** Start a new file once the current one holds this many bytes. Default {@link DEFAULT_WAL_FILE_BYTES}. */
  fileBytes?: number;
  /** Largest payload of one record. Default {@link DEFAULT_MAX_RECORD_BYTES}. */
  maxRecordBytes?: number;
  /**
   * Most bytes (framed) written by one group commit. Appends beyond it wait for a later group, so the
   * group buffer the log copies records into never grows past it (one larger record goes alone).
   * Default {@link DEFAULT_MAX_PENDING_BYTES}.
   */
  maxPendingBytes?: number;
}

/** Options of {@link readWal}: a read-only view needs no write-side limits. */
export type WalReadOptions = Pick<WalOptions, 'dir' | 'disk' | 'maxRecordBytes'>;

export type ResolvedWalOptions = Required<WalOptions>;

function checkInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new InvalidArgumentError(`WAL option ${name} must be an integer in [${min}, ${max}], got ${value}`);
  return value;
}

/** Fills in defaults and rejects out-of-range values, naming the option and the value. */
export function resolveWalOptions(options: WalOptions): ResolvedWalOptions {
  return {
    dir: options.dir,
    disk: options.disk,
    fileBytes: checkInteger(
      'fileBytes',
      options.fileBytes ?? DEFAULT_WAL_FILE_BYTES,
      1,
      Number.MAX_SAFE_INTEGER,
    ),
    maxRecordBytes: resolveMaxRecordBytes(options.maxRecordBytes),
    maxPendingBytes: checkInteger(
      'maxPendingBytes',
      options.maxPendingBytes ?? DEFAULT_MAX_PENDING_BYTES,
      1,
      Number.MAX_SAFE_INTEGER,
    ),
  };
}

/** The record size limit, defaulted and checked. */
export function resolveMaxRecordBytes(value: number | undefined): number {
  return checkInteger('maxRecordBytes', value ?? DEFAULT_MAX_RECORD_BYTES, 1, MAX_RECORD_BYTES_CEILING);
}
