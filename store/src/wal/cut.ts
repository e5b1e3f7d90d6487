import type { Disk } from '../io/disk.js';
import { fromSystemError } from '../errors.js';
import { walFileName, walFilePath } from './file-name.js';
import type { WalStop } from './replay.js';
import type { ScanStop } from './scan.js';

/** What recovery cut off the end of the log. */
export interface WalCut extends WalStop {
  /** Bytes removed: the tail of the failing file (all of it for a torn header) and every later file. */
  bytes: number;
  /** Names of the files deleted (later files, and the failing one if its header was torn). */
  deletedFiles: string[];
}

/**
 * Ends the log at `stop`: deletes every later file (newest first), then truncates the failing file
 * at the failing record (or deletes it, for a torn header). This order keeps a crash in the middle
 * safe: until the failing file is cut, the next recovery stops at the same place again, so a record
 * after a torn one is never replayed.
 */
export async function cutLog(
  disk: Disk,
  dir: string,
  stop: ScanStop,
  listed: readonly number[],
): Promise<WalCut> {
  const deletedFiles: string[] = [];
  let bytes = stop.fileBytes - stop.offset;
  const later = listed.filter((seq) => seq > stop.file).reverse();
  for (const seq of later) {
    bytes += fileSize(disk, dir, seq);
    remove(disk, dir, seq);
    deletedFiles.push(walFileName(seq));
  }
  if (stop.reason === 'file-header') {
    remove(disk, dir, stop.file);
    deletedFiles.push(walFileName(stop.file));
  } else {
    await truncate(disk, dir, stop.file, stop.offset);
  }
  return {
    file: stop.file,
    offset: stop.offset,
    reason: stop.reason,
    bytes,
    deletedFiles: deletedFiles.reverse(),
  };
}

function fileSize(disk: Disk, dir: string, seq: number): number {
  try {
    const fd = disk.open(walFilePath(dir, seq), 'r');
    try {
      return disk.size(fd);
    } finally {
      disk.close(fd);
    }
  } catch (err) {
    throw fromSystemError(err, `sizing WAL file ${walFileName(seq)}`);
  }
}

/** Unlinks a file and makes that durable before the next step of the cut. */
function remove(disk: Disk, dir: string, seq: number): void {
  try {
    disk.unlink(walFilePath(dir, seq));
    disk.fsyncDir(dir);
  } catch (err) {
    throw fromSystemError(err, `deleting WAL file ${walFileName(seq)}`);
  }
}

async function truncate(disk: Disk, dir: string, seq: number, length: number): Promise<void> {
  let fd: number;
  try {
    fd = disk.open(walFilePath(dir, seq), 'r+');
  } catch (err) {
    throw fromSystemError(err, `opening WAL file ${walFileName(seq)} to cut it`);
  }
  try {
    disk.truncate(fd, length);
    await disk.fsync(fd);
  } catch (err) {
    throw fromSystemError(err, `cutting WAL file ${walFileName(seq)} at ${length}`);
  } finally {
    disk.close(fd);
  }
}
