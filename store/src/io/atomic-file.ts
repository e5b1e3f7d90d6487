import * as path from 'node:path';
import { fromSystemError } from '../errors.js';
import type { Disk } from './disk.js';
import { writeFullyAsync } from './disk.js';

/**
 * Replaces `dir/name` atomically without blocking the event loop on the disk: write a temp file,
 * fsync it, rename it over the target, fsync the directory. A crash at any point leaves the old or
 * the new file, never a mix; a failure leaves the old file in place.
 *
 * @throws NoSpaceError, IoError naming the file.
 */
export async function writeFileAtomic(
  disk: Disk,
  dir: string,
  name: string,
  bytes: Uint8Array,
): Promise<void> {
  const file = path.join(dir, name);
  const tmp = `${file}.tmp`;
  try {
    const fd = disk.open(tmp, 'w');
    try {
      await writeFullyAsync(disk, fd, bytes, 0, bytes.length, 0);
      await disk.fsync(fd);
    } finally {
      disk.close(fd);
    }
    disk.rename(tmp, file);
    await fsyncDirAsync(disk, dir);
  } catch (err) {
    throw fromSystemError(err, `writing ${file}`);
  }
}

/** fsync of a directory (a rename or a new entry in it becomes durable), off the event loop. */
export async function fsyncDirAsync(disk: Disk, dir: string): Promise<void> {
  const fd = disk.open(dir, 'r');
  try {
    await disk.fsync(fd);
  } finally {
    disk.close(fd);
  }
}
