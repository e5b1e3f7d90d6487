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

/**
 * A lock file that cannot be read is left alone this long after it was last written: it may
 * belong to a process of an older version that created it and has not written it yet.
 */
export const UNREADABLE_LOCK_GRACE_MS = 10_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // A zombie (exited, not yet reaped by its parent) still answers signal 0 but holds nothing.
  return !isZombie(pid);
}

/** True when /proc says `pid` has exited and waits to be reaped (state Z); false if unknown. */
function isZombie(pid: number): boolean {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  // "pid (comm) S ...": comm may hold spaces and parentheses, the state follows the last ')'.
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state === 'Z' || state === 'X';
}

/**
 * Creates the lock file with its content already in it: written to a file of this process first,
 * then linked into place, which fails if the lock exists. No other process can see the lock
 * empty. Throws EEXIST when it exists; falls back to an exclusive create where links are not
 * supported.
 */
function createLockFile(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content);
  try {
    const fd = fs.openSync(tmp, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.linkSync(tmp, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw err;
    const fd = fs.openSync(file, 'wx');
    try {
      fs.writeSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** Milliseconds since the file was last modified; Infinity when it is gone. */
function ageMs(file: string): number {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return Infinity;
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
      createLockFile(file, JSON.stringify(me) + '\n');
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
      // Unreadable: a holder that died between create and write, unless it is still writing.
      if (ageMs(file) < UNREADABLE_LOCK_GRACE_MS) {
        throw new LockedError(
          `data directory ${dir} has a lock file that is being written by another process; retry in a few seconds`,
        );
      }
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
