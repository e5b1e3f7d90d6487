import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { CorruptError, fromSystemError } from '../errors.js';
import type { Disk } from '../io/disk.js';
import type { BufferPool } from '../bufferpool/pool.js';
import type { PageHeader } from '../page/header.js';
import { PAGE_HEADER_BYTES, checkPage, readHeader, writeHeader } from '../page/header.js';
import type { RowBatch } from '../row/types.js';
import { COLUMNS, CONTEXTS_FILE, Column, HEAP_COLUMN_ID, HEAP_FILE, columnFile } from './columns.js';
import type { SegmentMeta } from './manifest.js';
import { writeFileAtomic } from '../io/atomic-file.js';
import { PageZone, SpanZone } from './zone.js';
import { TRACE_INDEX_FILE, TraceIndexBuilder, TraceIndexFile } from './trace-index.js';
import type { Closable, OpenFiles } from './open-files.js';

/** Contexts a segment deduplicates; past this, the segment asks to be sealed. */
export const MAX_SEGMENT_CONTEXTS = 1 << 16;
/** Heap bytes past which a segment asks to be sealed (offsets are u32). */
export const SEGMENT_HEAP_SOFT_LIMIT = 2 ** 31;

const FILE_COUNT = COLUMNS.length + 1;
const HEAP_SLOT = COLUMNS.length;

/** Fixed-width values of one row, as read from the columns (the fetch path fills one and reuses it). */
export interface RowSlots {
  traceId: Uint8Array;
  spanId: Uint8Array;
  parentSpanId: Uint8Array;
  startLo: number;
  startHi: number;
  durLo: number;
  durHi: number;
  flags: number;
  series: number;
  kind: number;
  statusCode: number;
  context: number;
  extrasOffset: number;
  extrasLength: number;
}

/** Per-batch values the store computes once and every segment write shares. */
export interface BatchDerived {
  /** Global series id per row. */
  series: Uint32Array;
  /** Duration per row, two u32 words [lo, hi]. */
  durations: Uint32Array;
  /** Segment context id per row. */
  contexts: Uint32Array;
}

interface TailPage {
  pageNo: number;
  frame: number;
  zone: PageZone;
  /** First row that wrote into a heap page (heap only). */
  firstRow: number;
  /** Rows that wrote into a heap page (heap only). */
  rowCount: number;
}

function u32(p: Uint8Array, o: number): number {
  return (p[o]! | (p[o + 1]! << 8) | (p[o + 2]! << 16) | (p[o + 3]! << 24)) >>> 0;
}

function putU32(p: Uint8Array, o: number, v: number): void {
  p[o] = v;
  p[o + 1] = v >>> 8;
  p[o + 2] = v >>> 16;
  p[o + 3] = v >>> 24;
}

/**
 * One segment: rows [base, base + rows) in one file per column plus a blob heap, all pages read
 * and written through the bufferpool. While writable, the tail page of every file stays pinned.
 */
export class Segment implements Closable {
  readonly id: number;
  readonly base: number;
  readonly dir: string;
  rows: number;
  heapEnd: number;
  readonly createdAt: number;
  sealed: boolean;
  /** min/max start time of the segment's rows. */
  readonly span = new SpanZone();
  readonly rowsPerPage: number[];
  readonly heapPayload: number;

  private readonly fds: number[] = [];
  private readonly fileIds: number[] = [];
  private readonly tails: (TailPage | null)[] = new Array<TailPage | null>(FILE_COUNT).fill(null);
  private contexts: Uint8Array[] | null = null;
  private contextIndex: Map<string, number> | null = null;
  private contextsOnDisk: number;
  /** Trace chains: in memory while written (or for a reader's unsealed segment), a file once sealed. */
  private traceIndex: TraceIndexBuilder | null = null;
  private traceFile: TraceIndexFile | null = null;

  private constructor(
    private readonly pool: BufferPool,
    private readonly disk: Disk,
    root: string,
    meta: SegmentMeta,
    private readonly writable: boolean,
    private readonly limiter: OpenFiles,
  ) {
    this.id = meta.id;
    this.base = meta.base;
    this.rows = meta.rows;
    this.heapEnd = meta.heapBytes;
    this.createdAt = meta.createdAt;
    this.sealed = meta.sealed;
    this.contextsOnDisk = meta.contexts;
    this.dir = path.join(root, 'seg', String(meta.id).padStart(10, '0'));
    if (meta.rows > 0) this.span.setFromStrings(meta.minStartNs, meta.maxStartNs);
    const payload = pool.pageSize - PAGE_HEADER_BYTES;
    this.rowsPerPage = COLUMNS.map((c) => Math.floor(payload / c.width));
    this.heapPayload = payload;
  }

  /** Creates a new, empty segment on disk. */
  static create(
    pool: BufferPool,
    disk: Disk,
    root: string,
    id: number,
    base: number,
    now: number,
    limiter: OpenFiles,
  ): Segment {
    const meta: SegmentMeta = {
      id,
      base,
      rows: 0,
      heapBytes: 0,
      contexts: 0,
      minStartNs: '0',
      maxStartNs: '0',
      createdAt: now,
      sealed: false,
    };
    const seg = new Segment(pool, disk, root, meta, true, limiter);
    try {
      disk.mkdir(seg.dir);
      disk.fsyncDir(path.dirname(seg.dir));
    } catch (err) {
      throw fromSystemError(err, `creating segment ${seg.dir}`);
    }
    seg.contexts = [];
    seg.contextIndex = new Map();
    seg.traceIndex = new TraceIndexBuilder();
    seg.openFiles('w+');
    return seg;
  }

  /**
   * Opens a segment named by the manifest. A writable (unsealed) segment is positioned at
   * `meta.rows` / `meta.heapBytes`; recovery then moves it back to the replay point.
   */
  static open(
    pool: BufferPool,
    disk: Disk,
    root: string,
    meta: SegmentMeta,
    writable: boolean,
    limiter: OpenFiles,
  ): Segment {
    const seg = new Segment(pool, disk, root, meta, writable && !meta.sealed, limiter);
    // Segments that are written keep their files open; the others open them on first use.
    if (seg.writable) {
      seg.openFiles('r+');
      seg.loadContexts();
    }
    return seg;
  }

  /** The pool's id of file `f`, opening the segment's files if they are closed. */
  private fileId(f: number): number {
    if (this.fileIds.length === 0) this.openFiles(this.writable ? 'r+' : 'r');
    else if (this.sealed || !this.writable) this.limiter.touch(this);
    return this.fileIds[f]!;
  }

  /** Closes the files of a segment no one writes (the open-files limit). */
  releaseFiles(): boolean {
    if ((this.writable && !this.sealed) || this.flushing) return false;
    if (this.fileIds.length > 0 || this.traceFile !== null) this.closeFiles();
    return true;
  }

  private openFiles(flags: string): void {
    this.limiter.touch(this);
    try {
      for (let f = 0; f < FILE_COUNT; f++) {
        const name = f === HEAP_SLOT ? HEAP_FILE : columnFile(COLUMNS[f]!);
        const file = path.join(this.dir, name);
        const fd = this.disk.open(file, flags);
        this.fds.push(fd);
        this.fileIds.push(this.pool.registerFile(fd, file));
      }
    } catch (err) {
      this.closeFiles();
      throw fromSystemError(err, `opening segment ${this.dir}`);
    }
  }

  private closeFiles(): void {
    this.limiter.forget(this);
    this.traceFile?.close();
    this.traceFile = null;
    for (const id of this.fileIds) this.pool.dropFile(id);
    for (const fd of this.fds) this.disk.close(fd);
    this.fds.length = 0;
    this.fileIds.length = 0;
  }

  // ---------------------------------------------------------------- contexts

  private loadContexts(): void {
    const table: Uint8Array[] = [];
    const index = new Map<string, number>();
    if (this.contextsOnDisk > 0) {
      const file = path.join(this.dir, CONTEXTS_FILE);
      let bytes: Buffer;
      try {
        bytes = this.disk.readFile(file);
      } catch (err) {
        throw fromSystemError(err, `reading ${file}`);
      }
      decodeContexts(bytes, file, this.contextsOnDisk, table);
      for (let i = 0; i < table.length; i++) index.set(Buffer.from(table[i]!).toString('latin1'), i);
    }
    this.contexts = table;
    this.contextIndex = index;
  }

  /** The encoded context with that id. */
  context(id: number): Uint8Array {
    if (this.contexts === null) this.loadContexts();
    const c = this.contexts![id];
    if (c === undefined) throw new CorruptError(`${this.dir}: context ${id} is not in ${CONTEXTS_FILE}`);
    return c;
  }

  get contextCount(): number {
    return this.contexts?.length ?? this.contextsOnDisk;
  }

  /** The segment's id for an encoded context, adding it to the table when new. */
  internContext(bytes: Uint8Array): number {
    const key = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    const index = this.contextIndex!;
    let id = index.get(key);
    if (id === undefined) {
      id = this.contexts!.length;
      // A copy: the bytes may be a view into a buffer that is reused (a WAL read chunk).
      this.contexts!.push(new Uint8Array(bytes));
      index.set(key, id);
    }
    return id;
  }

  /** True when the segment should be sealed at the next checkpoint for its own limits. */
  get wantsSeal(): boolean {
    return this.heapEnd >= SEGMENT_HEAP_SOFT_LIMIT || this.contextCount >= MAX_SEGMENT_CONTEXTS;
  }

  // ---------------------------------------------------------------- writing

  private tailFor(file: number, pageNo: number): TailPage {
    let tail = this.tails[file]!;
    if (tail !== null && tail.pageNo === pageNo) return tail;
    if (tail !== null) this.finishTail(file);
    const frame = this.pool.pin(this.fileId(file), pageNo, 'new');
    tail = { pageNo, frame, zone: new PageZone(), firstRow: -1, rowCount: 0 };
    this.tails[file] = tail;
    return tail;
  }

  /** Positions a writable segment at a row and heap offset (recovery), loading partial pages. */
  positionAt(rows: number, heapEnd: number): void {
    this.releaseTails(false);
    this.rows = rows;
    this.heapEnd = heapEnd;
    this.traceIndex = this.buildTraceIndex(rows);
    for (let c = 0; c < COLUMNS.length; c++) {
      const rpp = this.rowsPerPage[c]!;
      if (rows % rpp !== 0) this.reopenTail(c, Math.floor(rows / rpp), COLUMNS[c]!.id);
    }
    if (heapEnd % this.heapPayload !== 0) {
      this.reopenTail(HEAP_SLOT, Math.floor(heapEnd / this.heapPayload), HEAP_COLUMN_ID);
    }
  }

  private reopenTail(file: number, pageNo: number, columnId: number): void {
    const frame = this.pool.pin(this.fileId(file), pageNo, 'read');
    // The pool checked magic, version and checksum when it read the page.
    const h = readHeader(this.pool.page(frame));
    if (h.columnId !== columnId) {
      this.pool.unpin(frame, false);
      throw new CorruptError(`${this.dir}: page ${pageNo} of file ${file} belongs to column ${h.columnId}`);
    }
    const zone = new PageZone();
    if (h.rowCount > 0) zone.restore(h.minStart, h.maxStart, h.minDuration, h.maxDuration);
    this.tails[file] = {
      pageNo,
      frame,
      zone,
      firstRow: h.rowCount > 0 ? h.firstRow : -1,
      rowCount: h.rowCount,
    };
  }

  /**
   * Writes the header of a tail page from its current state: before a flush, for a zone-map
   * check, or (`full`) when the writer moves on to the next page.
   */
  private stampTail(file: number, full = false): void {
    const tail = this.tails[file]!;
    const page = this.pool.page(tail.frame);
    if (file === HEAP_SLOT) {
      const start = tail.pageNo * this.heapPayload;
      writeHeader(page, {
        columnId: HEAP_COLUMN_ID,
        used: full ? this.heapPayload : this.heapEnd - start,
        firstRow: tail.firstRow < 0 ? this.base + this.rows : tail.firstRow,
        rowCount: tail.rowCount,
        ...tail.zone.header(),
      });
      return;
    }
    const def = COLUMNS[file]!;
    const rpp = this.rowsPerPage[file]!;
    const first = tail.pageNo * rpp;
    const count = full ? rpp : this.rows - first;
    writeHeader(page, {
      columnId: def.id,
      used: count * def.width,
      firstRow: this.base + first,
      rowCount: count,
      ...tail.zone.header(),
    });
  }

  private finishTail(file: number): void {
    this.stampTail(file, true);
    this.pool.unpin(this.tails[file]!.frame, true);
    this.tails[file] = null;
  }

  private releaseTails(stamp: boolean): void {
    for (let f = 0; f < FILE_COUNT; f++) {
      const tail = this.tails[f];
      if (!tail) continue;
      if (stamp) this.stampTail(f);
      this.pool.unpin(tail.frame, stamp);
      this.tails[f] = null;
    }
  }

  /**
   * Appends rows [from, to) of a batch at the segment's end. `derived` holds per-row values for the
   * whole batch (series ids, durations, segment context ids).
   */
  write(batch: RowBatch, from: number, to: number, derived: BatchDerived): void {
    if (from >= to) return;
    const firstSlot = this.rows;
    const extrasBase = from === 0 ? 0 : batch.extrasEnd[from - 1]!;
    const heapStart = this.heapEnd;
    for (let c = 0; c < COLUMNS.length; c++) {
      const def = COLUMNS[c]!;
      const rpp = this.rowsPerPage[c]!;
      let slot = firstSlot;
      let i = from;
      while (i < to) {
        const pageNo = Math.floor(slot / rpp);
        const inPage = slot - pageNo * rpp;
        const take = Math.min(to - i, rpp - inPage);
        const tail = this.tailFor(c, pageNo);
        const page = this.pool.page(tail.frame);
        const off = PAGE_HEADER_BYTES + inPage * def.width;
        writeColumn(def.id, page, off, batch, i, i + take, derived, heapStart, extrasBase);
        tail.zone.foldRows(batch.starts, derived.durations, i, i + take);
        slot += take;
        i += take;
      }
    }
    this.writeHeap(batch, from, to, derived, extrasBase);
    this.span.foldStarts(batch.starts, from, to);
    this.traceIndex!.add(batch.traceIds, from, to, firstSlot);
    this.rows = firstSlot + (to - from);
  }

  private writeHeap(
    batch: RowBatch,
    from: number,
    to: number,
    derived: BatchDerived,
    extrasBase: number,
  ): void {
    const ends = batch.extrasEnd;
    const total = ends[to - 1]! - extrasBase;
    const heapBase = this.heapEnd;
    let done = 0;
    let row = from;
    while (done < total) {
      const pos = heapBase + done;
      const pageNo = Math.floor(pos / this.heapPayload);
      const inPage = pos - pageNo * this.heapPayload;
      const take = Math.min(total - done, this.heapPayload - inPage);
      const tail = this.tailFor(HEAP_SLOT, pageNo);
      const page = this.pool.page(tail.frame);
      page.set(
        batch.extras.subarray(extrasBase + done, extrasBase + done + take),
        PAGE_HEADER_BYTES + inPage,
      );
      // Rows whose extras touch [done, done + take): advance past rows ending before it.
      while (row < to && ends[row]! - extrasBase <= done) row++;
      let last = row;
      while (last < to - 1 && ends[last]! - extrasBase < done + take) last++;
      const firstGlobal = this.base + this.rows + (row - from);
      if (tail.firstRow < 0) tail.firstRow = firstGlobal;
      tail.rowCount = this.base + this.rows + (last - from) - tail.firstRow + 1;
      tail.zone.foldRows(batch.starts, derived.durations, row, last + 1);
      done += take;
      // Kept current chunk by chunk: finishing a full tail page stamps its header from it.
      this.heapEnd = heapBase + done;
    }
  }

  /** The first row the WAL must keep: the first row of the oldest page still open in any file. */
  replayPoint(): { row: number; heap: number } {
    let row = this.rows;
    for (let c = 0; c < COLUMNS.length; c++) {
      const rpp = this.rowsPerPage[c]!;
      row = Math.min(row, Math.floor(this.rows / rpp) * rpp);
    }
    const heapTailStart = Math.floor(this.heapEnd / this.heapPayload) * this.heapPayload;
    const heapTail = this.tails[HEAP_SLOT];
    if (heapTail && heapTail.firstRow >= 0 && heapTailStart < this.heapEnd) {
      row = Math.min(row, heapTail.firstRow - this.base);
    }
    const heap = row === this.rows ? this.heapEnd : this.readSlots(row, this.slotScratch()).extrasOffset;
    return { row: this.base + row, heap };
  }

  private slotsCache: RowSlots | null = null;
  private slotScratch(): RowSlots {
    return (this.slotsCache ??= newRowSlots());
  }

  /**
   * Makes everything written so far durable in the column files: stamps the tail pages' headers,
   * writes back dirty pages, fsyncs every file and writes the context table.
   */
  async flush(): Promise<void> {
    for (let f = 0; f < FILE_COUNT; f++) {
      const tail = this.tails[f];
      if (!tail) continue;
      this.stampTail(f);
      // Rows written into a pinned tail since the last flush left it clean: write it back too.
      this.pool.markDirty(tail.frame);
    }
    this.flushing = true;
    try {
      for (const id of this.fileIds) await this.pool.flushFileAsync(id);
      await Promise.all(this.fds.map((fd) => this.disk.fsync(fd)));
    } catch (err) {
      throw fromSystemError(err, `syncing segment ${this.dir}`);
    } finally {
      this.flushing = false;
    }
    if (this.contexts && this.contexts.length !== this.contextsOnDisk) {
      const count = this.contexts.length;
      await writeFileAtomic(this.disk, this.dir, CONTEXTS_FILE, encodeContexts(this.contexts));
      this.contextsOnDisk = count;
    }
  }

  /**
   * Writes back the segment's dirty pages that no writer holds (not the tails), off the event
   * loop: the background cleaner that keeps synchronous write-backs out of appends.
   */
  async clean(): Promise<void> {
    this.flushing = true;
    try {
      for (const id of this.fileIds) await this.pool.cleanFileAsync(id);
    } finally {
      this.flushing = false;
    }
  }

  /**
   * Writes the trace index a sealed segment reads (`trace.idx`). Changes nothing in memory: a
   * checkpoint that fails after it leaves the segment writable, its tail pages still pinned.
   */
  async writeTraceIndex(): Promise<void> {
    await writeFileAtomic(this.disk, this.dir, TRACE_INDEX_FILE, this.traceIndex!.encode());
  }

  /**
   * Seals the segment once a checkpoint naming it sealed is published (after flush() and
   * writeTraceIndex()): no more writes; the tail pages, already written back, are released.
   */
  markSealed(): void {
    this.releaseTails(false);
    this.traceIndex = null;
    this.sealed = true;
    this.contextIndex = null;
  }

  /** Chains over the trace ids of slots [0, rows), read from the traceId column. */
  private buildTraceIndex(rows: number): TraceIndexBuilder {
    const index = new TraceIndexBuilder();
    const rpp = this.rowsPerPage[Column.TraceId]!;
    for (let slot = 0; slot < rows; slot += rpp) {
      const pin = this.pinPage(Column.TraceId, Math.floor(slot / rpp));
      try {
        const count = Math.min(rpp, rows - slot);
        const ids = pin.page.subarray(PAGE_HEADER_BYTES, PAGE_HEADER_BYTES + 16 * count);
        index.add(ids, 0, count, slot);
      } finally {
        pin.release();
      }
    }
    return index;
  }

  /**
   * Slots among [0, limit) whose trace id is `traceId`, in slot order. Sealed segments read their
   * trace.idx; others use (or, in a reader, build) chains in memory.
   */
  findTrace(traceId: Uint8Array, limit: number): number[] {
    let candidates: number[];
    if (this.sealed) {
      candidates = this.traceIndexFile().candidates(traceId);
    } else {
      this.traceIndex ??= this.buildTraceIndex(limit);
      candidates = this.traceIndex.candidates(traceId);
    }
    const out: number[] = [];
    const rpp = this.rowsPerPage[Column.TraceId]!;
    for (const slot of candidates) {
      if (slot >= limit) continue;
      const pageNo = Math.floor(slot / rpp);
      const pin = this.pinPage(Column.TraceId, pageNo);
      try {
        const o = PAGE_HEADER_BYTES + (slot - pageNo * rpp) * 16;
        let same = true;
        for (let j = 0; j < 16 && same; j++) same = pin.page[o + j] === traceId[j];
        if (same) out.push(slot);
      } finally {
        pin.release();
      }
    }
    return out.sort((a, b) => a - b);
  }

  /** Checks a sealed segment's trace.idx (verify); null when fine. */
  checkTraceIndex(): string | null {
    if (!this.sealed) return null;
    return this.traceIndexFile().check();
  }

  /** The sealed segment's trace.idx, opened under the open-files bound like its columns. */
  private traceIndexFile(): TraceIndexFile {
    this.limiter.touch(this);
    this.traceFile ??= TraceIndexFile.open(this.disk, path.join(this.dir, TRACE_INDEX_FILE));
    return this.traceFile;
  }

  meta(): SegmentMeta {
    return {
      id: this.id,
      base: this.base,
      rows: this.rows,
      heapBytes: this.heapEnd,
      contexts: this.contextCount,
      minStartNs: this.span.minString(),
      maxStartNs: this.span.maxString(),
      createdAt: this.createdAt,
      sealed: this.sealed,
    };
  }

  private sealedBytes: number | null = null;
  /** Set while flush() waits for fsync: the files must stay open. */
  private flushing = false;

  /** Bytes this segment takes on disk (remembered once sealed: it never changes again). */
  diskBytes(): number {
    if (this.sealed && this.sealedBytes !== null) return this.sealedBytes;
    this.fileId(0);
    let total = 0;
    for (const fd of this.fds) total += this.disk.size(fd);
    if (this.sealed) this.sealedBytes = total;
    return total;
  }

  close(): void {
    this.releaseTails(false);
    this.closeFiles();
  }

  /** Closes and deletes the segment's files (retention). */
  drop(): void {
    this.close();
    this.disk.removeDir(this.dir);
  }

  // ---------------------------------------------------------------- reading

  /** Reads the fixed-width values of a segment row (0-based within the segment) into `out`. */
  readSlots(slot: number, out: RowSlots): RowSlots {
    for (let c = 0; c < COLUMNS.length; c++) {
      const def = COLUMNS[c]!;
      const rpp = this.rowsPerPage[c]!;
      const pageNo = Math.floor(slot / rpp);
      const off = PAGE_HEADER_BYTES + (slot - pageNo * rpp) * def.width;
      const frame = this.pool.pin(this.fileId(c), pageNo, 'read');
      try {
        readColumn(def.id, this.pool.page(frame), off, out);
      } finally {
        this.pool.unpin(frame, false);
      }
    }
    return out;
  }

  /**
   * Calls `fn` with heap bytes [offset, offset + length): a view into the pinned page when they lie
   * in one page (no copy; valid only during the call), else a copy.
   */
  withHeap<T>(offset: number, length: number, fn: (bytes: Uint8Array) => T): T {
    const pageNo = Math.floor(offset / this.heapPayload);
    const inPage = offset - pageNo * this.heapPayload;
    if (inPage + length > this.heapPayload || length === 0) return fn(this.readHeap(offset, length));
    const pin = this.pinPage(HEAP_SLOT, pageNo);
    try {
      return fn(pin.page.subarray(PAGE_HEADER_BYTES + inPage, PAGE_HEADER_BYTES + inPage + length));
    } finally {
      pin.release();
    }
  }

  /** Copies heap bytes [offset, offset + length) into a new array. */
  readHeap(offset: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const pos = offset + done;
      const pageNo = Math.floor(pos / this.heapPayload);
      const inPage = pos - pageNo * this.heapPayload;
      const take = Math.min(length - done, this.heapPayload - inPage);
      const frame = this.pool.pin(this.fileId(HEAP_SLOT), pageNo, 'read');
      try {
        const page = this.pool.page(frame);
        out.set(page.subarray(PAGE_HEADER_BYTES + inPage, PAGE_HEADER_BYTES + inPage + take), done);
      } finally {
        this.pool.unpin(frame, false);
      }
      done += take;
    }
    return out;
  }

  /** Pins page `pageNo` of file `file` for reading; `release()` unpins it (the page guard). */
  pinPage(file: number, pageNo: number): { page: Uint8Array; release: () => void } {
    const frame = this.pool.pin(this.fileId(file), pageNo, 'read');
    let released = false;
    return {
      page: this.pool.page(frame),
      release: () => {
        if (released) return;
        released = true;
        this.pool.unpin(frame, false);
      },
    };
  }

  /**
   * The header of a page (zone-map skipping). A page read from disk was checked by the pool;
   * `recheck` checks it again as it is in memory (verify).
   */
  pageHeader(file: number, pageNo: number, recheck = false): PageHeader {
    // A tail page's header is written lazily: bring it up to date first.
    if (this.tails[file]?.pageNo === pageNo) this.stampTail(file);
    const frame = this.pool.pin(this.fileId(file), pageNo, 'read');
    try {
      const page = this.pool.page(frame);
      return recheck ? checkPage(page, `${this.dir} file ${file} page ${pageNo}`) : readHeader(page);
    } finally {
      this.pool.unpin(frame, false);
    }
  }

  /** Pages a file holds for the segment's rows (verify). */
  pageCount(file: number): number {
    if (file === HEAP_SLOT) return Math.ceil(this.heapEnd / this.heapPayload);
    return Math.ceil(this.rows / this.rowsPerPage[file]!);
  }

  static readonly fileCount = FILE_COUNT;
  static readonly heapSlot = HEAP_SLOT;
}

export function newRowSlots(): RowSlots {
  return {
    traceId: new Uint8Array(16),
    spanId: new Uint8Array(8),
    parentSpanId: new Uint8Array(8),
    startLo: 0,
    startHi: 0,
    durLo: 0,
    durHi: 0,
    flags: 0,
    series: 0,
    kind: 0,
    statusCode: 0,
    context: 0,
    extrasOffset: 0,
    extrasLength: 0,
  };
}

function bytesOf(a: Uint32Array, fromWord: number, toWord: number): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset + fromWord * 4, (toWord - fromWord) * 4);
}

function writeColumn(
  id: number,
  page: Uint8Array,
  off: number,
  batch: RowBatch,
  from: number,
  to: number,
  derived: BatchDerived,
  heapStart: number,
  extrasBase: number,
): void {
  switch (id) {
    case Column.TraceId:
      page.set(batch.traceIds.subarray(from * 16, to * 16), off);
      return;
    case Column.SpanId:
      page.set(batch.spanIds.subarray(from * 8, to * 8), off);
      return;
    case Column.ParentSpanId:
      page.set(batch.parentSpanIds.subarray(from * 8, to * 8), off);
      return;
    case Column.Start:
      page.set(bytesOf(batch.starts, from * 2, to * 2), off);
      return;
    case Column.Duration:
      page.set(bytesOf(derived.durations, from * 2, to * 2), off);
      return;
    case Column.Flags:
      page.set(bytesOf(batch.flags, from, to), off);
      return;
    case Column.Series:
      page.set(bytesOf(derived.series, from, to), off);
      return;
    case Column.KindStatus:
      for (let i = from, o = off; i < to; i++, o++)
        page[o] = (batch.kinds[i]! & 0x0f) | ((batch.statusCodes[i]! & 0x03) << 4);
      return;
    case Column.Context:
      page.set(bytesOf(derived.contexts, from, to), off);
      return;
    case Column.Extras: {
      const ends = batch.extrasEnd;
      let prev = from === 0 ? 0 : ends[from - 1]!;
      for (let i = from, o = off; i < to; i++, o += 8) {
        const end = ends[i]!;
        putU32(page, o, heapStart + (prev - extrasBase));
        putU32(page, o + 4, end - prev);
        prev = end;
      }
      return;
    }
  }
}

function readColumn(id: number, p: Uint8Array, o: number, out: RowSlots): void {
  switch (id) {
    case Column.TraceId:
      out.traceId.set(p.subarray(o, o + 16));
      return;
    case Column.SpanId:
      out.spanId.set(p.subarray(o, o + 8));
      return;
    case Column.ParentSpanId:
      out.parentSpanId.set(p.subarray(o, o + 8));
      return;
    case Column.Start:
      out.startLo = u32(p, o);
      out.startHi = u32(p, o + 4);
      return;
    case Column.Duration:
      out.durLo = u32(p, o);
      out.durHi = u32(p, o + 4);
      return;
    case Column.Flags:
      out.flags = u32(p, o);
      return;
    case Column.Series:
      out.series = u32(p, o);
      return;
    case Column.KindStatus:
      out.kind = p[o]! & 0x0f;
      out.statusCode = (p[o]! >> 4) & 0x03;
      return;
    case Column.Context:
      out.context = u32(p, o);
      return;
    case Column.Extras:
      out.extrasOffset = u32(p, o);
      out.extrasLength = u32(p, o + 4);
      return;
  }
}

/** contexts.bin: [u32 count] then per context [u32 length][bytes], then [u32 CRC-32 of all before]. */
export function encodeContexts(table: readonly Uint8Array[]): Uint8Array {
  let size = 8;
  for (const c of table) size += 4 + c.length;
  const out = new Uint8Array(size);
  putU32(out, 0, table.length);
  let o = 4;
  for (const c of table) {
    putU32(out, o, c.length);
    out.set(c, o + 4);
    o += 4 + c.length;
  }
  putU32(out, o, crc32(out.subarray(0, o)));
  return out;
}

export function decodeContexts(bytes: Uint8Array, where: string, expected: number, out: Uint8Array[]): void {
  if (bytes.length < 8) throw new CorruptError(`${where}: truncated context table`);
  const end = bytes.length - 4;
  if (crc32(bytes.subarray(0, end)) !== u32(bytes, end))
    throw new CorruptError(`${where}: context table checksum mismatch`);
  const count = u32(bytes, 0);
  if (count < expected)
    throw new CorruptError(`${where}: context table has ${count} entries, the manifest needs ${expected}`);
  let o = 4;
  for (let i = 0; i < count; i++) {
    if (o + 4 > end) throw new CorruptError(`${where}: truncated context table`);
    const len = u32(bytes, o);
    if (o + 4 + len > end) throw new CorruptError(`${where}: truncated context table`);
    out.push(new Uint8Array(bytes.subarray(o + 4, o + 4 + len)));
    o += 4 + len;
  }
}
