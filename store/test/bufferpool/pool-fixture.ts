/** Shared arrangements of the bufferpool tests: temp files and recognisable page contents. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Disk } from '../../src/io/disk.js';
import { PAGE_HEADER_BYTES, readHeader, sealChecksum, writeHeader } from '../../src/page/header.js';

export const PAGE_SIZE = 4096;

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lt-pool-'));
}

export interface TestFile {
  fd: number;
  path: string;
}

/** Creates (or truncates) `name` in `dir`, opened read-write through `disk`. */
export function createFile(disk: Disk, dir: string, name: string): TestFile {
  const file = path.join(dir, name);
  return { fd: disk.open(file, 'w+'), path: file };
}

/**
 * Fills a page with content recognisable by `stamp` (a u32): a valid header whose first row is the
 * stamp, and a payload of the stamp's low byte framed by the stamp itself.
 */
export function stampPage(page: Uint8Array, stamp: number): void {
  writeHeader(page, {
    columnId: 1,
    used: page.length - PAGE_HEADER_BYTES,
    firstRow: stamp,
    rowCount: 1,
    minStart: BigInt(stamp),
    maxStart: BigInt(stamp),
    minDuration: 0n,
    maxDuration: 0n,
  });
  page.fill(stamp & 0xff, PAGE_HEADER_BYTES);
  const v = new DataView(page.buffer, page.byteOffset, page.byteLength);
  v.setUint32(PAGE_HEADER_BYTES, stamp, true);
  v.setUint32(page.length - 4, stamp, true);
}

/** The stamp of a page filled by {@link stampPage}, or -1 if any of it disagrees. */
export function readStamp(page: Uint8Array): number {
  const stamp = readHeader(page).firstRow;
  const v = new DataView(page.buffer, page.byteOffset, page.byteLength);
  if (v.getUint32(PAGE_HEADER_BYTES, true) !== stamp || v.getUint32(page.length - 4, true) !== stamp)
    return -1;
  for (let i = PAGE_HEADER_BYTES + 4; i < page.length - 4; i++) if (page[i] !== (stamp & 0xff)) return -1;
  return stamp;
}

/** Writes a sealed, stamped page straight into a file, as an earlier run of the engine would have. */
export function writeStampedPage(file: string, pageNo: number, stamp: number): void {
  const page = new Uint8Array(PAGE_SIZE);
  stampPage(page, stamp);
  sealChecksum(page);
  const fd = fs.openSync(file, 'r+');
  try {
    fs.writeSync(fd, page, 0, PAGE_SIZE, pageNo * PAGE_SIZE);
  } finally {
    fs.closeSync(fd);
  }
}

/** The raw bytes of one page of a file. */
export function readRawPage(file: string, pageNo: number): Uint8Array {
  const page = new Uint8Array(PAGE_SIZE);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, page, 0, PAGE_SIZE, pageNo * PAGE_SIZE);
  } finally {
    fs.closeSync(fd);
  }
  return page;
}
