/** Takes up a filesystem's free space with one file, leaving a stated headroom, and gives it back. */
import { closeSync, openSync, statfsSync, unlinkSync, writeSync } from 'node:fs';

/** Written at a time. */
const CHUNK_BYTES = 1024 * 1024;

/** Free bytes of the filesystem holding `path`. */
export function freeBytes(path: string): number {
  const s = statfsSync(path);
  return s.bavail * s.bsize;
}

/**
 * Writes `path` until the filesystem has at most `headroomBytes` free (or is full).
 * @returns the bytes written.
 */
export function fillUpTo(path: string, headroomBytes: number): number {
  const fd = openSync(path, 'a');
  const chunk = Buffer.alloc(CHUNK_BYTES, 0x5a);
  let written = 0;
  try {
    for (let free = freeBytes(path); free > headroomBytes; free = freeBytes(path)) {
      written += writeSync(fd, chunk, 0, Math.min(CHUNK_BYTES, free - headroomBytes));
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
  return written;
}

/** Deletes the filler: its space is free again. */
export function removeFiller(path: string): void {
  unlinkSync(path);
}
