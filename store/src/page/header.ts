/**
 * The page header: the first {@link PAGE_HEADER_BYTES} bytes of every page of a column file
 * (layout in DESIGN.md, "Pages"). Little-endian throughout.
 */
import { crc32 } from 'node:zlib';
import { CorruptError, FormatVersionError, InvalidArgumentError } from '../errors.js';

/** Size of the header at the start of every page. */
export const PAGE_HEADER_BYTES = 64;
/** `LTPG` read as a little-endian u32. */
export const PAGE_MAGIC = 0x4750544c;
/** The page format this code writes and the newest it reads. */
export const PAGE_FORMAT_VERSION = 1;
export const DEFAULT_PAGE_SIZE = 32 * 1024;
/** One disk block: a smaller page would spend too much of itself on the header. */
export const MIN_PAGE_SIZE = 4096;
/** Beyond this a single miss reads more than any one fetch needs. */
export const MAX_PAGE_SIZE = 1 << 20;

/** Largest column id: the field is a u16. */
export const MAX_COLUMN_ID = 0xffff;

const OFF_MAGIC = 0;
const OFF_VERSION = 4;
const OFF_COLUMN = 6;
const OFF_CHECKSUM = 8;
/** The checksum covers everything from here to the end of the page. */
const CHECKSUM_FROM = 12;
const OFF_USED = 12;
const OFF_FIRST_ROW = 16;
const OFF_ROW_COUNT = 24;
const OFF_RESERVED = 28;
const OFF_MIN_START = 32;
const OFF_MAX_START = 40;
const OFF_MIN_DURATION = 48;
const OFF_MAX_DURATION = 56;

const TWO_POW_32 = 2 ** 32;
const U32_MAX = 0xffffffff;
const U64_MAX = (1n << 64n) - 1n;

/** The decoded fields of a page header (magic, version and checksum are the page's own business). */
export interface PageHeader {
  /** Which column of the segment the page belongs to (u16). */
  columnId: number;
  /** Payload bytes used after the header. */
  used: number;
  /** Global index of the page's first row. */
  firstRow: number;
  /** Rows held by the page. */
  rowCount: number;
  /** Zone map: min and max start time (unix ns) and duration (ns) of the page's rows, u64. */
  minStart: bigint;
  maxStart: bigint;
  minDuration: bigint;
  maxDuration: bigint;
}

function view(page: Uint8Array): DataView {
  return new DataView(page.buffer, page.byteOffset, page.byteLength);
}

function requireHeaderRoom(page: Uint8Array): void {
  if (page.length < PAGE_HEADER_BYTES)
    throw new InvalidArgumentError(`a page must be at least ${PAGE_HEADER_BYTES} bytes, got ${page.length}`);
}

function requireU64(name: string, value: bigint): void {
  if (value < 0n || value > U64_MAX)
    throw new InvalidArgumentError(`page header ${name} ${value} is not a u64`);
}

function requireUint(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max)
    throw new InvalidArgumentError(`page header ${name} ${value} is not an integer in [0, ${max}]`);
}

/**
 * Writes magic, format version and the fields of `h` into the first bytes of `page`. The checksum
 * is left alone: it is sealed once, just before the page goes to disk ({@link sealChecksum}).
 *
 * @throws InvalidArgumentError when a field does not fit its slot or `used` exceeds the payload.
 */
export function writeHeader(page: Uint8Array, h: PageHeader): void {
  requireHeaderRoom(page);
  requireUint('columnId', h.columnId, MAX_COLUMN_ID);
  requireUint('used', h.used, page.length - PAGE_HEADER_BYTES);
  requireUint('firstRow', h.firstRow, Number.MAX_SAFE_INTEGER);
  requireUint('rowCount', h.rowCount, U32_MAX);
  requireU64('minStart', h.minStart);
  requireU64('maxStart', h.maxStart);
  requireU64('minDuration', h.minDuration);
  requireU64('maxDuration', h.maxDuration);
  const v = view(page);
  v.setUint32(OFF_MAGIC, PAGE_MAGIC, true);
  v.setUint16(OFF_VERSION, PAGE_FORMAT_VERSION, true);
  v.setUint16(OFF_COLUMN, h.columnId, true);
  v.setUint32(OFF_USED, h.used, true);
  v.setUint32(OFF_FIRST_ROW, h.firstRow % TWO_POW_32, true);
  v.setUint32(OFF_FIRST_ROW + 4, Math.floor(h.firstRow / TWO_POW_32), true);
  v.setUint32(OFF_ROW_COUNT, h.rowCount, true);
  v.setUint32(OFF_RESERVED, 0, true);
  v.setBigUint64(OFF_MIN_START, h.minStart, true);
  v.setBigUint64(OFF_MAX_START, h.maxStart, true);
  v.setBigUint64(OFF_MIN_DURATION, h.minDuration, true);
  v.setBigUint64(OFF_MAX_DURATION, h.maxDuration, true);
}

function computeChecksum(page: Uint8Array): number {
  return crc32(page.subarray(CHECKSUM_FROM));
}

/** Stores the CRC-32 of bytes [12, page.length) at offset 8. Call after the last change to the page. */
export function sealChecksum(page: Uint8Array): void {
  requireHeaderRoom(page);
  view(page).setUint32(OFF_CHECKSUM, computeChecksum(page), true);
}

/** Decodes the header fields without checking anything (see {@link checkPage}). */
export function readHeader(page: Uint8Array): PageHeader {
  requireHeaderRoom(page);
  const v = view(page);
  return {
    columnId: v.getUint16(OFF_COLUMN, true),
    used: v.getUint32(OFF_USED, true),
    firstRow: v.getUint32(OFF_FIRST_ROW, true) + v.getUint32(OFF_FIRST_ROW + 4, true) * TWO_POW_32,
    rowCount: v.getUint32(OFF_ROW_COUNT, true),
    minStart: v.getBigUint64(OFF_MIN_START, true),
    maxStart: v.getBigUint64(OFF_MAX_START, true),
    minDuration: v.getBigUint64(OFF_MIN_DURATION, true),
    maxDuration: v.getBigUint64(OFF_MAX_DURATION, true),
  };
}

function hex32(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

/**
 * Checks a page read from disk, in the order magic, version, checksum (so a page of a future
 * format is reported as such, not as corrupt), then that the fields are in range, and returns its
 * header.
 *
 * @param where names the page in error messages, e.g. `seg/0000000001/start.col page 3`.
 * @throws CorruptError on a bad magic, version 0, a checksum mismatch or fields out of range.
 * @throws FormatVersionError when the page was written by a newer format.
 */
export function checkPage(page: Uint8Array, where: string): PageHeader {
  if (page.length < PAGE_HEADER_BYTES)
    throw new CorruptError(`${where}: ${page.length} bytes is too short for a page header`);
  const v = view(page);
  const magic = v.getUint32(OFF_MAGIC, true);
  if (magic !== PAGE_MAGIC)
    throw new CorruptError(`${where}: bad page magic ${hex32(magic)} (expected ${hex32(PAGE_MAGIC)})`);
  const version = v.getUint16(OFF_VERSION, true);
  if (version > PAGE_FORMAT_VERSION)
    throw new FormatVersionError(
      `${where}: page format version ${version} is newer than the supported ${PAGE_FORMAT_VERSION}`,
    );
  if (version === 0) throw new CorruptError(`${where}: page format version 0 does not exist`);
  const stored = v.getUint32(OFF_CHECKSUM, true);
  const computed = computeChecksum(page);
  if (stored !== computed)
    throw new CorruptError(
      `${where}: page checksum mismatch (stored ${hex32(stored)}, computed ${hex32(computed)})`,
    );
  const h = readHeader(page);
  if (h.used > page.length - PAGE_HEADER_BYTES || !Number.isSafeInteger(h.firstRow))
    throw new CorruptError(`${where}: page header out of range (used ${h.used}, first row ${h.firstRow})`);
  return h;
}

/** True when the page was never written: every byte is zero (a hole in a sparse file, say). */
export function isBlankPage(page: Uint8Array): boolean {
  let tail = 0;
  // Word-wise when aligned, which pool frames always are: 4x fewer comparisons.
  if (page.byteOffset % 4 === 0) {
    const words = new Uint32Array(page.buffer, page.byteOffset, page.length >>> 2);
    for (let i = 0; i < words.length; i++) if (words[i] !== 0) return false;
    tail = words.length * 4;
  }
  for (let i = tail; i < page.length; i++) if (page[i] !== 0) return false;
  return true;
}
