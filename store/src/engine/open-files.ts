/**
 * Bounds the file descriptors a store keeps open: each segment holds 12 files, and a store with
 * a week of hourly segments would otherwise need thousands. Sealed segments open their files on
 * first use and the least recently used ones close them again past the limit.
 */
export interface Closable {
  /** Closes the segment's files if it can (a segment being written never does). */
  releaseFiles(): boolean;
}

/** Segments with open files at most, by default (12 descriptors each). */
export const DEFAULT_OPEN_SEGMENTS = 48;

export class OpenFiles {
  private readonly open = new Set<Closable>();

  constructor(private readonly limit = DEFAULT_OPEN_SEGMENTS) {}

  /** Records a use of `s`; closes the least recently used others past the limit. */
  touch(s: Closable): void {
    // A Set keeps insertion order: delete and re-add moves `s` to the most recent end.
    this.open.delete(s);
    this.open.add(s);
    if (this.open.size <= this.limit) return;
    for (const other of this.open) {
      if (this.open.size <= this.limit) break;
      if (other !== s && other.releaseFiles()) this.open.delete(other);
    }
  }

  forget(s: Closable): void {
    this.open.delete(s);
  }

  get size(): number {
    return this.open.size;
  }
}
