import type { Disk } from './disk.js';

/** Which operation a fault applies to. */
export type FaultOp = 'write' | 'fsync' | 'read' | 'open' | 'rename' | 'truncate' | 'unlink' | 'mkdir';

/** One injected fault: when it matches an operation, that operation fails (or is cut short). */
export interface FaultRule {
  op: FaultOp;
  /** Only paths containing this substring (matched against the path the fd was opened with). */
  pathIncludes?: string;
  /** Skip this many matching operations before failing. Default 0. */
  after?: number;
  /** How many times to fail; default Infinity. */
  times?: number;
  /** `ENOSPC`, `EIO`, ... thrown as a Node system error; or `short` for a short write. */
  error: 'ENOSPC' | 'EIO' | 'short';
}

function systemError(code: string, op: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected fault on ${op} '${path}'`), {
    code,
    errno: -1,
    syscall: op,
  });
}

/**
 * A Disk that forwards to another and injects faults by rule. Short writes write half of the
 * requested bytes (at least one) and report that count, as a kernel may.
 */
export class FaultyDisk implements Disk {
  private readonly paths = new Map<number, string>();
  private readonly rules: { rule: FaultRule; seen: number; fired: number }[] = [];

  constructor(private readonly inner: Disk) {}

  /** Adds a fault rule; returns a function that removes it. */
  inject(rule: FaultRule): () => void {
    const entry = { rule, seen: 0, fired: 0 };
    this.rules.push(entry);
    return () => {
      const i = this.rules.indexOf(entry);
      if (i >= 0) this.rules.splice(i, 1);
    };
  }

  clear(): void {
    this.rules.length = 0;
  }

  private match(op: FaultOp, path: string): FaultRule | undefined {
    for (const e of this.rules) {
      if (e.rule.op !== op) continue;
      if (e.rule.pathIncludes !== undefined && !path.includes(e.rule.pathIncludes)) continue;
      e.seen++;
      if (e.seen <= (e.rule.after ?? 0)) continue;
      if (e.fired >= (e.rule.times ?? Infinity)) continue;
      e.fired++;
      return e.rule;
    }
    return undefined;
  }

  private pathOf(fd: number): string {
    return this.paths.get(fd) ?? `fd:${fd}`;
  }

  open(path: string, flags: string): number {
    const rule = this.match('open', path);
    if (rule && rule.error !== 'short') throw systemError(rule.error, 'open', path);
    const fd = this.inner.open(path, flags);
    this.paths.set(fd, path);
    return fd;
  }

  close(fd: number): void {
    this.paths.delete(fd);
    this.inner.close(fd);
  }

  read(fd: number, buf: Uint8Array, offset: number, length: number, position: number): number {
    const rule = this.match('read', this.pathOf(fd));
    if (rule) {
      if (rule.error === 'short') return this.inner.read(fd, buf, offset, Math.max(1, length >> 1), position);
      throw systemError(rule.error, 'read', this.pathOf(fd));
    }
    return this.inner.read(fd, buf, offset, length, position);
  }

  write(fd: number, buf: Uint8Array, offset: number, length: number, position: number): number {
    const rule = this.match('write', this.pathOf(fd));
    if (rule) {
      if (rule.error === 'short')
        return this.inner.write(fd, buf, offset, Math.max(1, length >> 1), position);
      throw systemError(rule.error, 'write', this.pathOf(fd));
    }
    return this.inner.write(fd, buf, offset, length, position);
  }

  async writeAsync(
    fd: number,
    buf: Uint8Array,
    offset: number,
    length: number,
    position: number,
  ): Promise<number> {
    const rule = this.match('write', this.pathOf(fd));
    if (rule) {
      if (rule.error === 'short')
        return this.inner.writeAsync(fd, buf, offset, Math.max(1, length >> 1), position);
      throw systemError(rule.error, 'write', this.pathOf(fd));
    }
    return this.inner.writeAsync(fd, buf, offset, length, position);
  }

  async fsync(fd: number): Promise<void> {
    const rule = this.match('fsync', this.pathOf(fd));
    if (rule && rule.error !== 'short') throw systemError(rule.error, 'fsync', this.pathOf(fd));
    return this.inner.fsync(fd);
  }

  fsyncSync(fd: number): void {
    const rule = this.match('fsync', this.pathOf(fd));
    if (rule && rule.error !== 'short') throw systemError(rule.error, 'fsync', this.pathOf(fd));
    this.inner.fsyncSync(fd);
  }

  truncate(fd: number, length: number): void {
    const rule = this.match('truncate', this.pathOf(fd));
    if (rule && rule.error !== 'short') throw systemError(rule.error, 'ftruncate', this.pathOf(fd));
    this.inner.truncate(fd, length);
  }

  size(fd: number): number {
    return this.inner.size(fd);
  }

  rename(from: string, to: string): void {
    const rule = this.match('rename', from);
    if (rule && rule.error !== 'short') throw systemError(rule.error, 'rename', from);
    this.inner.rename(from, to);
  }

  unlink(path: string): void {
    const rule = this.match('unlink', path);
    if (rule && rule.error !== 'short') throw systemError(rule.error, 'unlink', path);
    this.inner.unlink(path);
  }

  mkdir(path: string): void {
    const rule = this.match('mkdir', path);
    if (rule && rule.error !== 'short') throw systemError(rule.error, 'mkdir', path);
    this.inner.mkdir(path);
  }

  removeDir(path: string): void {
    this.inner.removeDir(path);
  }

  readdir(path: string): string[] {
    return this.inner.readdir(path);
  }

  exists(path: string): boolean {
    return this.inner.exists(path);
  }

  fsyncDir(path: string): void {
    this.inner.fsyncDir(path);
  }

  readFile(path: string): Buffer {
    return this.inner.readFile(path);
  }
}
