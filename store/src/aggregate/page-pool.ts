/** Words (32-bit) per page. */
export const PAGE_WORDS = 16_384;
/** Bytes per page: 64 KiB. */
export const PAGE_BYTES = PAGE_WORDS * 4;
/** An address is `page << PAGE_SHIFT | word`. */
export const PAGE_SHIFT = 14;
export const PAGE_MASK = PAGE_WORDS - 1;

/**
 * Fixed-size pages of 32-bit words, created on demand while the owner's budget allows and
 * recycled, never given back to the garbage collector, so what the pool holds only grows to the
 * budget and stays there.
 * Each page is one ArrayBuffer seen through Int32, Uint32, Float32 and Float64 views, so records
 * mixing counts, keys and moments need no per-record objects.
 */
export class PagePool {
  /** Views of each page by page id. */
  readonly i32: Int32Array[] = [];
  readonly u32: Uint32Array[] = [];
  readonly f32: Float32Array[] = [];
  readonly f64: Float64Array[] = [];
  private readonly free: number[] = [];

  /** Bytes of pages created (in use or free for reuse). */
  get allocatedBytes(): number {
    return this.i32.length * PAGE_BYTES;
  }

  /**
   * A page id (contents stale), or -1 when every page is in use and creating one would take the
   * pool past `maxBytes`.
   */
  acquire(maxBytes: number): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if (this.allocatedBytes + PAGE_BYTES > maxBytes) return -1;
    const buffer = new ArrayBuffer(PAGE_BYTES);
    this.i32.push(new Int32Array(buffer));
    this.u32.push(new Uint32Array(buffer));
    this.f32.push(new Float32Array(buffer));
    this.f64.push(new Float64Array(buffer));
    return this.i32.length - 1;
  }

  /** Returns a page for reuse. */
  release(page: number): void {
    this.free.push(page);
  }
}
