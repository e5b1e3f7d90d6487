import type { FutureLimit } from './future-limit.js';
import { ProtoWriter, copyBytes } from './pb.js';
import type { RowBatch } from './types.js';

/** Rows a builder has room for before its first growth. */
const DEFAULT_CAPACITY = 256;
/** Initial extras bytes per row of capacity (realistic spans carry a few hundred bytes). */
const EXTRAS_BYTES_PER_ROW = 256;
/** Cap of that first guess; past it the writer grows by doubling. */
const MAX_INITIAL_EXTRAS_BYTES = 16 * 1024 * 1024;

const EMPTY_U8 = new Uint8Array(0);
const EMPTY_U32 = new Uint32Array(0);

/**
 * Fills a {@link RowBatch} column by column, without an object per row.
 *
 * Usage: `const i = b.beginRow()`, then write row `i` straight into the public typed arrays
 * (`traceIds[16 * i ...]`, `starts[2 * i]` = low word, ...), intern service, name and context,
 * write the row's extras into `b.extras`, and `b.commitRow()` (or `b.abortRow()` to drop it).
 * Every field of a new row starts at zero, so a decoder may leave absent fields untouched
 * (a root span's parent id stays all zero).
 *
 * The typed arrays are valid until the next `beginRow()`, which may replace them to grow.
 */
export class RowBatchBuilder {
  traceIds: Uint8Array = EMPTY_U8;
  spanIds: Uint8Array = EMPTY_U8;
  parentSpanIds: Uint8Array = EMPTY_U8;
  starts: Uint32Array = EMPTY_U32;
  ends: Uint32Array = EMPTY_U32;
  flags: Uint32Array = EMPTY_U32;
  kinds: Uint8Array = EMPTY_U8;
  statusCodes: Uint8Array = EMPTY_U8;
  services: Uint32Array = EMPTY_U32;
  names: Uint32Array = EMPTY_U32;
  contextIds: Uint32Array = EMPTY_U32;
  /** The extras of every row, back to back; the current row's extras are written at its end. */
  readonly extras: ProtoWriter;
  /**
   * Rows starting after this limit are refused by `appendRow` (and by decoders that check it):
   * set it from the store's `maxFutureMs` when the batch is for a store. Null: not checked.
   */
  futureLimit: FutureLimit | null = null;

  private extrasEnd: Uint32Array = EMPTY_U32;
  private capacity = 0;
  /** Capacity to allocate when the arrays were handed over by `finish()`. */
  private nextCapacity: number;
  private committed = 0;
  private pending = false;
  private strings: string[] = [];
  private stringIds = new Map<string, number>();
  private contexts: Uint8Array[] = [];
  /** Content hash -> context ids with that hash. */
  private contextsByHash = new Map<number, number[]>();

  constructor(initialCapacity = DEFAULT_CAPACITY) {
    this.nextCapacity = Math.max(1, Math.floor(initialCapacity));
    this.extras = new ProtoWriter(0);
  }

  /** Committed rows. */
  get length(): number {
    return this.committed;
  }

  /**
   * Starts a row and returns its index; every typed array has room for it and its fields are
   * zero. A row begun but neither committed nor aborted is aborted first.
   */
  beginRow(): number {
    if (this.pending) this.abortRow();
    if (this.committed === this.capacity) this.grow(Math.max(this.nextCapacity, this.capacity * 2));
    this.pending = true;
    return this.committed;
  }

  /** Index of `s` in the batch's string table (service and span names). */
  internString(s: string): number {
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.stringIds.set(s, id);
    }
    return id;
  }

  /**
   * Index of an encoded context (equal bytes, equal index) in the batch's context table. The
   * bytes `bytes[start, end)` are copied when new, so the caller may reuse its buffer.
   */
  internContext(bytes: Uint8Array, start = 0, end = bytes.length): number {
    const hash = fnv1a(bytes, start, end);
    let ids = this.contextsByHash.get(hash);
    if (ids !== undefined) {
      for (const id of ids) if (equalBytes(this.contexts[id]!, bytes, start, end)) return id;
    } else {
      ids = [];
      this.contextsByHash.set(hash, ids);
    }
    const id = this.contexts.length;
    this.contexts.push(copyBytes(bytes, start, end));
    ids.push(id);
    return id;
  }

  /** Appends already-encoded extras field bytes `src[start, end)` to the current row. */
  writeExtras(src: Uint8Array, start: number, end: number): void {
    this.extras.raw(src, start, end);
  }

  /** Commits the row begun last: its extras end where `extras` stands now. */
  commitRow(): void {
    if (!this.pending) throw new Error('commitRow() without beginRow()');
    this.extrasEnd[this.committed] = this.extras.pos;
    this.committed++;
    this.pending = false;
  }

  /** Forgets the row begun last, its fields and its extras. */
  abortRow(): void {
    if (!this.pending) return;
    const i = this.committed;
    this.extras.pos = i === 0 ? 0 : this.extrasEnd[i - 1]!;
    this.zeroRows(i, i + 1);
    this.pending = false;
  }

  /**
   * The committed rows as a batch. The batch takes over the builder's buffers (no copy); the
   * builder is left empty and ready for reuse with fresh buffers.
   */
  finish(): RowBatch {
    if (this.pending) this.abortRow();
    const n = this.committed;
    const batch: RowBatch = {
      length: n,
      traceIds: this.traceIds.subarray(0, n * 16),
      spanIds: this.spanIds.subarray(0, n * 8),
      parentSpanIds: this.parentSpanIds.subarray(0, n * 8),
      starts: this.starts.subarray(0, n * 2),
      ends: this.ends.subarray(0, n * 2),
      flags: this.flags.subarray(0, n),
      kinds: this.kinds.subarray(0, n),
      statusCodes: this.statusCodes.subarray(0, n),
      strings: this.strings,
      services: this.services.subarray(0, n),
      names: this.names.subarray(0, n),
      contexts: this.contexts,
      contextIds: this.contextIds.subarray(0, n),
      extras: this.extras.buf.subarray(0, this.extras.pos),
      extrasEnd: this.extrasEnd.subarray(0, n),
    };
    this.nextCapacity = Math.max(this.nextCapacity, this.capacity);
    this.detach();
    this.clearTables();
    return batch;
  }

  /** Discards every row; keeps the buffers. */
  reset(): void {
    this.zeroRows(0, this.committed + (this.pending ? 1 : 0));
    this.clearTables();
  }

  private clearTables(): void {
    this.committed = 0;
    this.pending = false;
    this.extras.reset();
    this.strings = [];
    this.stringIds = new Map();
    this.contexts = [];
    this.contextsByHash = new Map();
  }

  private detach(): void {
    this.traceIds = this.spanIds = this.parentSpanIds = this.kinds = this.statusCodes = EMPTY_U8;
    this.starts = this.ends = this.flags = this.services = this.names = EMPTY_U32;
    this.contextIds = this.extrasEnd = EMPTY_U32;
    this.capacity = 0;
    // The next beginRow() allocates, so a builder dropped after finish() costs nothing more.
    this.extras.buf = EMPTY_U8;
  }

  private grow(capacity: number): void {
    this.traceIds = growU8(this.traceIds, capacity * 16);
    this.spanIds = growU8(this.spanIds, capacity * 8);
    this.parentSpanIds = growU8(this.parentSpanIds, capacity * 8);
    this.starts = growU32(this.starts, capacity * 2);
    this.ends = growU32(this.ends, capacity * 2);
    this.flags = growU32(this.flags, capacity);
    this.kinds = growU8(this.kinds, capacity);
    this.statusCodes = growU8(this.statusCodes, capacity);
    this.services = growU32(this.services, capacity);
    this.names = growU32(this.names, capacity);
    this.contextIds = growU32(this.contextIds, capacity);
    this.extrasEnd = growU32(this.extrasEnd, capacity);
    const extrasGuess = Math.min(MAX_INITIAL_EXTRAS_BYTES, capacity * EXTRAS_BYTES_PER_ROW);
    if (this.extras.pos === 0 && this.extras.buf.length < extrasGuess)
      this.extras.buf = new Uint8Array(extrasGuess);
    this.capacity = capacity;
  }

  /** Zeroes rows [from, to) so that a row begun later starts at zero. */
  private zeroRows(from: number, to: number): void {
    if (to <= from) return;
    this.traceIds.fill(0, from * 16, to * 16);
    this.spanIds.fill(0, from * 8, to * 8);
    this.parentSpanIds.fill(0, from * 8, to * 8);
    this.starts.fill(0, from * 2, to * 2);
    this.ends.fill(0, from * 2, to * 2);
    this.flags.fill(0, from, to);
    this.kinds.fill(0, from, to);
    this.statusCodes.fill(0, from, to);
    this.services.fill(0, from, to);
    this.names.fill(0, from, to);
    this.contextIds.fill(0, from, to);
    this.extrasEnd.fill(0, from, to);
  }
}

function growU8(a: Uint8Array, length: number): Uint8Array {
  const b = new Uint8Array(length);
  b.set(a);
  return b;
}

function growU32(a: Uint32Array, length: number): Uint32Array {
  const b = new Uint32Array(length);
  b.set(a);
  return b;
}

/** FNV-1a, 32 bits: cheap and good enough to bucket contexts. */
function fnv1a(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let p = start; p < end; p++) h = Math.imul(h ^ bytes[p]!, 0x01000193);
  return h >>> 0;
}

function equalBytes(a: Uint8Array, b: Uint8Array, start: number, end: number): boolean {
  if (a.length !== end - start) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[start + k]) return false;
  return true;
}
