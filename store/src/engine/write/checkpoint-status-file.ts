import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Disk } from '../../io/disk.js';
import type { CheckpointStatus } from './checkpoint-status.js';

/**
 * Where a writer leaves its checkpoint status while checkpoints fail, so that `laptime check` in
 * another process can report it. Advisory: written without fsync, removed by the next success.
 */
export const CHECKPOINT_STATUS_FILE = 'checkpoint-status.json';

/** Writes (on failure) or removes (on success) the status file; never throws: it is advisory. */
export function recordCheckpointStatus(disk: Disk, dir: string, status: CheckpointStatus): void {
  const file = path.join(dir, CHECKPOINT_STATUS_FILE);
  try {
    if (status.consecutiveFailures === 0) {
      if (disk.exists(file)) disk.unlink(file);
      return;
    }
    const bytes = Buffer.from(`${JSON.stringify({ ...status, pid: process.pid })}\n`, 'utf8');
    const fd = disk.open(file, 'w');
    try {
      disk.write(fd, bytes, 0, bytes.length, 0);
    } finally {
      disk.close(fd);
    }
  } catch {
    // The disk that fails the checkpoint may fail this too; the live status still shows it.
  }
}

/** The status a writer of `dir` left because its checkpoints fail, or null when they do not. */
export function readCheckpointStatus(dir: string): (CheckpointStatus & { pid: number }) | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, CHECKPOINT_STATUS_FILE), 'utf8')) as CheckpointStatus & {
      pid: number;
    };
  } catch {
    return null;
  }
}
