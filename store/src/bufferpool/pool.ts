/**
 * The bufferpool: owns all page memory (a fixed budget split into frames, allocated once), maps
 * pages of registered files to frames, pins and unpins them, evicts through a {@link Replacer} and
 * writes dirty pages back. Everything is synchronous: the pool serves synchronous read paths.
 */
import { CorruptError, InvalidArgumentError, PoolExhaustedError, fromSystemError } from '../errors.js';
import { type Disk, readFully, writeFully, writeFullyAsync } from '../io/disk.js';
import { checkPage, isBlankPage, sealChecksum } from '../page/header.js';
import { allocateFrames } from './frame-arena.js';
import { FileRegistry } from './file-registry.js';
import { MAX_PAGE_NO, PageTable } from './page-table.js';
import { type BufferPoolOptions, frameCountOf, makeReplacer } from './pool-options.js';
import type { Replacer } from './replacer.js';

export { MAX_POOL_FRAMES, MIN_POOL_FRAMES } from './pool-options.js';
export type { BufferPoolOptions, ReplacerChoice } from './pool-options.js';

/** How a pin finds its page: read from disk (and checked), or created zero-filled. */
export type PinMode = 'read' | 'new';

/** Counters since the pool was made, and its state now. */
export interface PoolStats {
  /** Pins that found their page in a frame. */
  hits: number;
  /** `'read'` pins that had to read their page from disk. */
  misses: number;
  /** Pages pushed out of a frame to make room for another. */
  evictions: number;
  /** Dirty pages written to disk (on eviction or flush). */
  writeBacks: number;
  frames: number;
  /** Frames pinned now. */
  pinned: number;
  /** Frames dirty now. */
  dirty: number;
}

const NO_FILE = -1;
/** Page writes {@link BufferPool.flushFileAsync} keeps in flight at once. */
const ASYNC_FLUSH_DEPTH = 8;

/**
 * A fixed-size cache of pages. Usage: `pin` a page, work on `page(frame)`, `unpin` it (dirty if
 * changed); or `withPage` for reads. The engine writes page headers; the pool seals the checksum
 * just before every write-back, and checks pages it reads.
 */
export class BufferPool {
  readonly pageSize: number;
  readonly frameCount: number;

  private readonly disk: Disk;
  private readonly replacer: Replacer;
  private readonly frames: Uint8Array[];
  private readonly table: PageTable;
  private readonly files = new FileRegistry();
  /** Per frame: the file id of its page, or NO_FILE when the frame is free. */
  private readonly frameFile: Int32Array;
  private readonly framePage: Uint32Array;
  private readonly pins: Int32Array;
  private readonly dirty: Uint8Array;
  /** Stack of free frames: [0, freeCount). */
  private readonly freeFrames: Int32Array;
  private freeCount: number;

  private hits = 0;
  private misses = 0;
  private evictions = 0;
  private writeBacks = 0;
  private pinnedFrames = 0;
  private dirtyFrames = 0;

  /** @throws InvalidArgumentError on a bad page size, budget or replacer. */
  constructor(opts: BufferPoolOptions) {
    this.frameCount = frameCountOf(opts);
    this.pageSize = opts.pageSize;
    this.disk = opts.disk;
    this.replacer = makeReplacer(opts.replacer ?? 'clock', this.frameCount);
    this.frames = allocateFrames(this.frameCount, this.pageSize);
    this.table = new PageTable(this.frameCount);
    this.frameFile = new Int32Array(this.frameCount).fill(NO_FILE);
    this.framePage = new Uint32Array(this.frameCount);
    this.pins = new Int32Array(this.frameCount);
    this.dirty = new Uint8Array(this.frameCount);
    this.freeFrames = new Int32Array(this.frameCount);
    // Hand out low frames first: cosmetic, but makes frame numbers in tests predictable.
    for (let i = 0; i < this.frameCount; i++) this.freeFrames[i] = this.frameCount - 1 - i;
    this.freeCount = this.frameCount;
  }

  /**
   * Registers an open file whose pages the pool may cache; returns its file id. Dirty pages are
   * written back to `fd` at `pageNo * pageSize`. The pool never closes `fd`. Ids of dropped files
   * are reused.
   */
  registerFile(fd: number, path: string): number {
    return this.files.register(fd, path);
  }

  /**
   * Forgets a file's pages without writing them back (the file is being deleted) and frees its id.
   * To keep its changes, call {@link flushFile} first.
   *
   * @throws InvalidArgumentError when the file is not registered or one of its pages is pinned.
   */
  dropFile(fileId: number): void {
    this.files.require(fileId);
    for (let frame = 0; frame < this.frameCount; frame++) {
      if (this.frameFile[frame] === fileId && this.pins[frame] !== 0)
        throw new InvalidArgumentError(
          `cannot drop ${this.files.path(fileId)}: page ${this.framePage[frame]} is pinned`,
        );
    }
    for (let frame = 0; frame < this.frameCount; frame++) {
      if (this.frameFile[frame] !== fileId) continue;
      this.replacer.remove(frame);
      this.table.delete(fileId, this.framePage[frame]!);
      this.clearDirty(frame);
      this.releaseFrame(frame);
    }
    this.files.release(fileId);
  }

  /**
   * Pins page `pageNo` of a registered file into a frame and returns the frame index; the page
   * stays in that frame until every pin is released with {@link unpin}.
   *
   * - `'read'`: a hit, or the page is read from disk and checked ({@link checkPage}). A page past
   *   the end of the file or never written is a CorruptError: the engine reads only pages it wrote.
   * - `'new'`: the page is created zero-filled, without a read, and marked dirty; a resident copy
   *   (which must not be pinned) is zeroed too.
   *
   * When no frame is free a victim is evicted, written back first if dirty.
   *
   * @throws PoolExhaustedError when every frame is pinned.
   * @throws CorruptError, FormatVersionError on a bad page; NoSpaceError, IoError on I/O failure
   *   (of the read, or of the victim's write-back, which then stays dirty in the pool).
   */
  pin(fileId: number, pageNo: number, mode: PinMode): number {
    this.files.require(fileId);
    if (pageNo >>> 0 !== pageNo)
      throw new InvalidArgumentError(`page number ${pageNo} is not an integer in [0, ${MAX_PAGE_NO}]`);
    if (mode !== 'read' && mode !== 'new')
      throw new InvalidArgumentError(`pin mode must be 'read' or 'new', got ${String(mode)}`);
    let frame = this.table.get(fileId, pageNo);
    if (frame >= 0) {
      if (mode === 'new') this.recreate(frame, fileId, pageNo);
      this.hits++;
    } else if (mode === 'read') {
      frame = this.load(fileId, pageNo);
      this.misses++;
    } else {
      frame = this.acquireFrame();
      this.frames[frame]!.fill(0);
      this.assign(frame, fileId, pageNo);
      this.setDirty(frame);
    }
    if (this.pins[frame]!++ === 0) {
      this.pinnedFrames++;
      this.replacer.setEvictable(frame, false);
    }
    this.replacer.recordAccess(frame);
    return frame;
  }

  /** The bytes of a pinned frame: a view of `pageSize` bytes, valid until the frame is unpinned. */
  page(frame: number): Uint8Array {
    this.requirePinned(frame);
    return this.frames[frame]!;
  }

  /** Releases one pin of `frame`; `dirty` if the page was changed (so it is written back later). */
  unpin(frame: number, dirty: boolean): void {
    this.requirePinned(frame);
    if (dirty) this.setDirty(frame);
    if (--this.pins[frame]! === 0) {
      this.pinnedFrames--;
      this.replacer.setEvictable(frame, true);
    }
  }

  /**
   * Marks a pinned frame dirty without unpinning it: a writer that keeps a page pinned across
   * flushes (a segment's tail page) calls it for changes made after the last write-back.
   */
  markDirty(frame: number): void {
    this.requirePinned(frame);
    this.setDirty(frame);
  }

  /**
   * Pins a page for reading, calls `fn` with its bytes, and unpins it even when `fn` throws (the
   * page guard). Changes made by `fn` are not marked dirty: writers pin and unpin themselves.
   */
  withPage<T>(fileId: number, pageNo: number, fn: (page: Uint8Array) => T): T {
    const frame = this.pin(fileId, pageNo, 'read');
    try {
      return fn(this.frames[frame]!);
    } finally {
      this.unpin(frame, false);
    }
  }

  /**
   * Writes back every dirty page of a file, pinned ones included, sealing each checksum first.
   * Does not fsync: the caller decides when the file must be durable.
   *
   * @throws NoSpaceError, IoError; pages not yet written stay dirty.
   */
  flushFile(fileId: number): void {
    this.files.require(fileId);
    for (let frame = 0; frame < this.frameCount; frame++) {
      if (this.frameFile[frame] === fileId && this.dirty[frame] === 1) this.writeBack(frame);
    }
  }

  /**
   * {@link flushFile} off the event loop: each dirty page is written with an asynchronous write,
   * pinned meanwhile so that no eviction can reuse its frame under the write. Pages changed
   * during the call may or may not be written; the caller holds off writers if it needs a cut.
   *
   * @throws NoSpaceError, IoError; pages not yet written stay dirty.
   */
  async flushFileAsync(fileId: number): Promise<void> {
    await this.writeBackAllAsync(fileId, true);
  }

  /**
   * Writes back the dirty pages of a file that nobody holds pinned, off the event loop, so that
   * later evictions find clean frames and do not write synchronously (a background cleaner).
   * Pinned pages (a writer's tail pages, still changing) are left alone.
   */
  async cleanFileAsync(fileId: number): Promise<void> {
    await this.writeBackAllAsync(fileId, false);
  }

  /** Fraction of the pool's frames that are dirty now. */
  get dirtyShare(): number {
    return this.dirtyFrames / this.frameCount;
  }

  private async writeBackAllAsync(fileId: number, pinnedToo: boolean): Promise<void> {
    this.files.require(fileId);
    const frames: number[] = [];
    for (let frame = 0; frame < this.frameCount; frame++) {
      if (this.frameFile[frame] !== fileId || this.dirty[frame] !== 1) continue;
      if (pinnedToo || this.pins[frame] === 0) frames.push(frame);
    }
    for (let i = 0; i < frames.length; i += ASYNC_FLUSH_DEPTH) {
      await Promise.all(
        frames.slice(i, i + ASYNC_FLUSH_DEPTH).map((f) => this.writeBackAsync(f, fileId, pinnedToo)),
      );
    }
  }

  /** {@link flushFile} for every registered file. */
  flushAll(): void {
    for (let frame = 0; frame < this.frameCount; frame++) {
      if (this.dirty[frame] === 1) this.writeBack(frame);
    }
  }

  stats(): PoolStats {
    return {
      hits: this.hits,
      misses: this.misses,
      evictions: this.evictions,
      writeBacks: this.writeBacks,
      frames: this.frameCount,
      pinned: this.pinnedFrames,
      dirty: this.dirtyFrames,
    };
  }

  private requirePinned(frame: number): void {
    // `?? 0` also rejects indices outside the pool, which read as undefined.
    if ((this.pins[frame] ?? 0) <= 0) throw new InvalidArgumentError(`frame ${frame} is not pinned`);
  }

  private recreate(frame: number, fileId: number, pageNo: number): void {
    if (this.pins[frame] !== 0)
      throw new InvalidArgumentError(
        `page ${pageNo} of ${this.files.path(fileId)} is pinned; it cannot be created anew`,
      );
    this.frames[frame]!.fill(0);
    this.setDirty(frame);
  }

  /** Reads a page into a frame and maps it; on any failure the frame goes back to the free list. */
  private load(fileId: number, pageNo: number): number {
    const frame = this.acquireFrame();
    try {
      this.readPage(fileId, pageNo, this.frames[frame]!);
    } catch (err) {
      this.releaseFrame(frame);
      throw err;
    }
    this.assign(frame, fileId, pageNo);
    return frame;
  }

  private readPage(fileId: number, pageNo: number, page: Uint8Array): void {
    const path = this.files.path(fileId);
    let read: number;
    try {
      read = readFully(this.disk, this.files.fd(fileId), page, 0, this.pageSize, pageNo * this.pageSize);
    } catch (err) {
      throw fromSystemError(err, `reading page ${pageNo} of ${path}`);
    }
    const where = `${path} page ${pageNo}`;
    if (read === 0) throw new CorruptError(`${where}: past the end of the file`);
    if (read < this.pageSize)
      throw new CorruptError(`${where}: the file ends ${read} bytes into the page (${this.pageSize})`);
    if (isBlankPage(page)) throw new CorruptError(`${where}: blank page, never written`);
    checkPage(page, where);
  }

  /** A frame to put a page in: a free one, else a victim (written back first if dirty). */
  private acquireFrame(): number {
    if (this.freeCount > 0) return this.freeFrames[--this.freeCount]!;
    const victim = this.replacer.evict();
    if (victim === -1)
      throw new PoolExhaustedError(
        `all ${this.frameCount} bufferpool frames are pinned; raise the pool budget or hold fewer pages at once`,
      );
    if (victim >>> 0 !== victim || victim >= this.frameCount || this.pins[victim] !== 0)
      throw new Error(`replacer chose frame ${victim}, which is not an unpinned frame of this pool`);
    if (this.dirty[victim] === 1) {
      try {
        this.writeBack(victim);
      } catch (err) {
        // The page stays, dirty: hand it back to the replacer so it can be tried again later.
        this.replacer.recordAccess(victim);
        this.replacer.setEvictable(victim, true);
        throw err;
      }
    }
    this.table.delete(this.frameFile[victim]!, this.framePage[victim]!);
    this.frameFile[victim] = NO_FILE;
    this.evictions++;
    return victim;
  }

  private assign(frame: number, fileId: number, pageNo: number): void {
    this.frameFile[frame] = fileId;
    this.framePage[frame] = pageNo;
    this.table.set(fileId, pageNo, frame);
  }

  private releaseFrame(frame: number): void {
    this.frameFile[frame] = NO_FILE;
    this.freeFrames[this.freeCount++] = frame;
  }

  private setDirty(frame: number): void {
    if (this.dirty[frame] === 1) return;
    this.dirty[frame] = 1;
    this.dirtyFrames++;
  }

  private clearDirty(frame: number): void {
    if (this.dirty[frame] === 0) return;
    this.dirty[frame] = 0;
    this.dirtyFrames--;
  }

  private async writeBackAsync(frame: number, fileId: number, pinnedToo: boolean): Promise<void> {
    // Written back, evicted or pinned by a writer since the list was made: leave it. A page a
    // writer holds may change under an asynchronous write, which reads the frame on another thread.
    if (this.dirty[frame] !== 1 || this.frameFile[frame] !== fileId) return;
    if (!pinnedToo && this.pins[frame] !== 0) return;
    const pageNo = this.framePage[frame]!;
    if (this.pins[frame]!++ === 0) {
      this.pinnedFrames++;
      this.replacer.setEvictable(frame, false);
    }
    try {
      const page = this.frames[frame]!;
      sealChecksum(page);
      // Cleared first: a change made while the write is in flight marks the page dirty again.
      this.clearDirty(frame);
      try {
        await writeFullyAsync(
          this.disk,
          this.files.fd(fileId),
          page,
          0,
          this.pageSize,
          pageNo * this.pageSize,
        );
      } catch (err) {
        this.setDirty(frame);
        throw fromSystemError(err, `writing back page ${pageNo} of ${this.files.path(fileId)}`);
      }
      this.writeBacks++;
    } finally {
      this.unpin(frame, false);
    }
  }

  private writeBack(frame: number): void {
    const fileId = this.frameFile[frame]!;
    const pageNo = this.framePage[frame]!;
    const page = this.frames[frame]!;
    sealChecksum(page);
    try {
      writeFully(this.disk, this.files.fd(fileId), page, 0, this.pageSize, pageNo * this.pageSize);
    } catch (err) {
      throw fromSystemError(err, `writing back page ${pageNo} of ${this.files.path(fileId)}`);
    }
    this.clearDirty(frame);
    this.writeBacks++;
  }
}
