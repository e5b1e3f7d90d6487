import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LockedError, fromSystemError } from '../errors.js';

export const LOCK_FILE = 'LOCK';

/** What the lock file says about its holder. */
export interface LockHolder {
  pid: number;
  hostname: string;
  startedAt: string;
}

/** The writer lock on a data directory; released by `release()` (and by the process dying). */
export interface DirLock {
  readonly path: string;
  /** The stale lock this one replaced, if any (its holder had died). */
  readonly tookOver: LockHolder | null;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    const h = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof h.pid !== 'number' || typeof h.hostname !== 'string') return null;
    return { pid: h.pid, hostname: h.hostname, startedAt: String(h.startedAt ?? '') };
  } catch {
    return null;
  }
}

/** Describes a holder for an error message. */
export function describeHolder(h: LockHolder): string {
  return `process ${h.pid} on ${h.hostname}${h.startedAt ? ` (since ${h.startedAt})` : ''}`;
}

/**
 * Takes the writer lock of `dir`. A lock left by a process that no longer runs on this host is
 * stale and taken over; a live holder, or one on another host, gives a LockedError naming the
 * directory and the holder.
 */
export function acquireLock(dir: string): DirLock {
  const file = path.join(dir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString() };
  let tookOver: LockHolder | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      try {
        fs.writeSync(fd, JSON.stringify(me) + '\n');
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      let released = false;
      return {
        path: file,
        tookOver,
        release() {
          if (released) return;
          released = true;
          const h = readHolder(file);
          if (h && h.pid === me.pid && h.hostname === me.hostname) fs.rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw fromSystemError(err, `creating ${file}`);
    }
    const holder = readHolder(file);
    if (holder === null) {
      // Unreadable lock: a holder that died between create and write. Treat as stale.
      fs.rmSync(file, { force: true });
      continue;
    }
    if (holder.hostname !== os.hostname() || (isAlive(holder.pid) && holder.pid !== process.pid)) {
      throw new LockedError(
        `data directory ${dir} is locked by ${describeHolder(holder)}; one writer per directory`,
      );
    }
    if (holder.pid === process.pid) {
      throw new LockedError(`data directory ${dir} is already open for writing in this process`);
    }
    tookOver = holder;
    fs.rmSync(file, { force: true });
  }
  throw new LockedError(`data directory ${dir}: could not take the lock file ${file}`);
}

/** The current holder of a directory's lock, if any (for messages). */
export function lockHolder(dir: string): LockHolder | null {
  return readHolder(path.join(dir, LOCK_FILE));
}
