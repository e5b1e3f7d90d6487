import * as fs from 'node:fs';

/**
 * Every file operation the store performs goes through a Disk, so tests can inject faults
 * (short writes, ENOSPC, EIO) at the file layer without touching the engine.
 *
 * Reads and page write-backs are synchronous (they are small, and `fetch()` is synchronous);
 * the WAL's writes and every fsync on the append path are asynchronous so the event loop keeps
 * running while the disk works.
 */
export interface Disk {
  open(path: string, flags: string): number;
  close(fd: number): void;
  /** Reads up to `length` bytes at `position`; returns the count read (0 at end of file). */
  read(fd: number, buf: Uint8Array, offset: number, length: number, position: number): number;
  /** Writes up to `length` bytes at `position`; returns the count written (may be short). */
  write(fd: number, buf: Uint8Array, offset: number, length: number, position: number): number;
  /** Asynchronous write; may be short. */
  writeAsync(fd: number, buf: Uint8Array, offset: number, length: number, position: number): Promise<number>;
  fsync(fd: number): Promise<void>;
  fsyncSync(fd: number): void;
  truncate(fd: number, length: number): void;
  size(fd: number): number;
  rename(from: string, to: string): void;
  unlink(path: string): void;
  mkdir(path: string): void;
  /** Removes a directory and everything in it; no error when it is absent. */
  removeDir(path: string): void;
  readdir(path: string): string[];
  exists(path: string): boolean;
  /** fsync of a directory, so that a rename or a new file in it is durable. */
  fsyncDir(path: string): void;
  readFile(path: string): Buffer;
}

/** The real file system. */
export const nodeDisk: Disk = {
  open: (path, flags) => fs.openSync(path, flags),
  close: (fd) => fs.closeSync(fd),
  read: (fd, buf, offset, length, position) => fs.readSync(fd, buf, offset, length, position),
  write: (fd, buf, offset, length, position) => fs.writeSync(fd, buf, offset, length, position),
  writeAsync: (fd, buf, offset, length, position) =>
    new Promise((resolve, reject) => {
      fs.write(fd, buf, offset, length, position, (err, written) => (err ? reject(err) : resolve(written)));
    }),
  fsync: (fd) =>
    new Promise((resolve, reject) => {
      fs.fsync(fd, (err) => (err ? reject(err) : resolve()));
    }),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  truncate: (fd, length) => fs.ftruncateSync(fd, length),
  size: (fd) => fs.fstatSync(fd).size,
  rename: (from, to) => fs.renameSync(from, to),
  unlink: (path) => fs.unlinkSync(path),
  mkdir: (path) => fs.mkdirSync(path, { recursive: true }),
  removeDir: (path) => fs.rmSync(path, { recursive: true, force: true }),
  readdir: (path) => fs.readdirSync(path),
  exists: (path) => fs.existsSync(path),
  fsyncDir: (path) => {
    const fd = fs.openSync(path, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  },
  readFile: (path) => fs.readFileSync(path),
};

/** Writes all of `buf[offset, offset+length)` at `position`, looping over short writes. */
export function writeFully(
  disk: Disk,
  fd: number,
  buf: Uint8Array,
  offset: number,
  length: number,
  position: number,
): void {
  let done = 0;
  while (done < length) {
    const n = disk.write(fd, buf, offset + done, length - done, position + done);
    if (n <= 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
    done += n;
  }
}

/** Asynchronous {@link writeFully}. */
export async function writeFullyAsync(
  disk: Disk,
  fd: number,
  buf: Uint8Array,
  offset: number,
  length: number,
  position: number,
): Promise<void> {
  let done = 0;
  while (done < length) {
    const n = await disk.writeAsync(fd, buf, offset + done, length - done, position + done);
    if (n <= 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
    done += n;
  }
}

/** Reads exactly `length` bytes or fewer at end of file; returns the count read. */
export function readFully(
  disk: Disk,
  fd: number,
  buf: Uint8Array,
  offset: number,
  length: number,
  position: number,
): number {
  let done = 0;
  while (done < length) {
    const n = disk.read(fd, buf, offset + done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}
