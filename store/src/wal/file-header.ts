import { crc32 } from 'node:zlib';
import type { Disk } from '../io/disk.js';
import { readFully } from '../io/disk.js';
import { CorruptError, FormatVersionError, fromSystemError } from '../errors.js';
import { walFileName } from './file-name.js';

/**
 * Every log file starts with this header, little-endian:
 *
 * | offset | size | field |
 * | --- | --- | --- |
 * | 0 | 4 | magic `LTWL` |
 * | 4 | 2 | format version (1) |
 * | 6 | 2 | reserved (0) |
 * | 8 | 8 | sequence number (the file name's) |
 * | 16 | 8 | first row of the file's first record: every record of earlier files ends at or below it |
 * | 24 | 4 | reserved (0) |
 * | 28 | 4 | CRC-32 of bytes [0, 28) |
 *
 * The first row lets `trim` and recovery decide from headers alone which files lie wholly below a
 * row, without reading any record (payloads are opaque to the log).
 */
export const FILE_HEADER_BYTES = 32;
/** `LTWL` read as a little-endian u32. */
export const WAL_MAGIC = 0x4c57544c;
export const WAL_FORMAT_VERSION = 1;
const CHECKSUMMED_BYTES = 28;

/** Writes the header of file `seq` whose first record starts at `firstRow` into `buf[0, 32)`. */
export function writeFileHeader(buf: Buffer, seq: number, firstRow: number): void {
  buf.fill(0, 0, FILE_HEADER_BYTES);
  buf.writeUInt32LE(WAL_MAGIC, 0);
  buf.writeUInt16LE(WAL_FORMAT_VERSION, 4);
  buf.writeBigUInt64LE(BigInt(seq), 8);
  buf.writeBigUInt64LE(BigInt(firstRow), 16);
  buf.writeUInt32LE(crc32(buf.subarray(0, CHECKSUMMED_BYTES)), CHECKSUMMED_BYTES);
}

/**
 * Reads and checks the header of file `seq` (magic, version, checksum, in that order). Returns the
 * file's first row, or undefined when the header is torn: shorter than a header, zero-filled, or
 * failing its checksum, as a crash while creating the file leaves it.
 *
 * @throws CorruptError when the file is not a log file (foreign magic) or names another sequence
 *   number: such a file is refused, never cut.
 * @throws FormatVersionError when a newer format wrote it.
 */
export function readFileHeader(disk: Disk, fd: number, size: number, seq: number): number | undefined {
  const name = walFileName(seq);
  const buf = Buffer.alloc(FILE_HEADER_BYTES);
  let got: number;
  try {
    got = readFully(disk, fd, buf, 0, Math.min(size, FILE_HEADER_BYTES), 0);
  } catch (err) {
    throw fromSystemError(err, `reading the header of WAL file ${name}`);
  }
  const magic = got >= 4 ? buf.readUInt32LE(0) : 0;
  if (magic !== WAL_MAGIC && magic !== 0)
    throw new CorruptError(`${name} is not a Laptime WAL file (magic 0x${magic.toString(16)})`);
  if (got < FILE_HEADER_BYTES || magic === 0) return undefined;
  const version = buf.readUInt16LE(4);
  if (version !== WAL_FORMAT_VERSION)
    throw new FormatVersionError(
      `${name} has WAL format version ${version}; this build reads version ${WAL_FORMAT_VERSION}`,
    );
  if (crc32(buf.subarray(0, CHECKSUMMED_BYTES)) !== buf.readUInt32LE(CHECKSUMMED_BYTES)) return undefined;
  const headerSeq = buf.readBigUInt64LE(8);
  if (headerSeq !== BigInt(seq)) throw new CorruptError(`${name} holds the header of WAL file ${headerSeq}`);
  return Number(buf.readBigUInt64LE(16));
}
