import { crc32 } from 'node:zlib';
import { CorruptError, fromSystemError } from '../errors.js';
import type { Disk } from '../io/disk.js';
import { readFully } from '../io/disk.js';

/**
 * Finds a trace's rows in a segment without scanning it: hash chains over the trace ids.
 *
 * While a segment is written the chains live in memory (`head` per bucket, `next` per row: about
 * 8 bytes a row plus 4 a bucket); when it is sealed they are written to `trace.idx` and looked up
 * there with a few small reads, so sealed segments cost no memory. Chains hold candidates only: the
 * caller compares the full 16-byte id.
 */

export const TRACE_INDEX_FILE = 'trace.idx';
const MAGIC = 0x5854544c; // "LTTX"
const VERSION = 1;
const HEADER_BYTES = 16;
const MIN_BUCKET_BITS = 10;
/** Chains end here. */
const END = -1;

/** Bucket hash of the trace id at `ids[16 * i ...]`: its random tail, mixed. */
export function traceHash(ids: Uint8Array, i: number): number {
  const o = 16 * i;
  const a = (ids[o + 12]! | (ids[o + 13]! << 8) | (ids[o + 14]! << 16) | (ids[o + 15]! << 24)) >>> 0;
  const b = (ids[o + 4]! | (ids[o + 5]! << 8) | (ids[o + 6]! << 16) | (ids[o + 7]! << 24)) >>> 0;
  return Math.imul(a ^ b, 0x9e3779b1) >>> 0;
}

/** The chains of a segment being written. */
export class TraceIndexBuilder {
  private bits = MIN_BUCKET_BITS;
  private head = new Int32Array(1 << MIN_BUCKET_BITS).fill(END);
  private next = new Int32Array(1024);
  private hashes = new Uint32Array(1024);
  private rows = 0;

  /** Adds rows [from, to) of `ids` (16 bytes each) as the segment's slots [slot, slot + to - from). */
  add(ids: Uint8Array, from: number, to: number, slot: number): void {
    for (let i = from, s = slot; i < to; i++, s++) this.insert(s, traceHash(ids, i));
  }

  /** Rows [0, slot) are indexed; forget the rest (recovery moves the segment back). */
  truncate(slot: number): void {
    if (slot >= this.rows) return;
    this.rows = slot;
    this.rebuild();
  }

  get size(): number {
    return this.rows;
  }

  private insert(slot: number, h: number): void {
    if (slot !== this.rows)
      throw new CorruptError(`trace index: slot ${slot} added out of order (next ${this.rows})`);
    if (slot >= this.next.length) {
      const grownNext = new Int32Array(this.next.length * 2);
      grownNext.set(this.next);
      this.next = grownNext;
      const grownHashes = new Uint32Array(this.hashes.length * 2);
      grownHashes.set(this.hashes);
      this.hashes = grownHashes;
    }
    this.hashes[slot] = h;
    this.rows = slot + 1;
    // Load factor 1: rebuild with twice the buckets when rows pass them.
    if (this.rows > this.head.length) {
      this.bits++;
      this.rebuild();
      return;
    }
    const b = h >>> (32 - this.bits);
    this.next[slot] = this.head[b]!;
    this.head[b] = slot;
  }

  private rebuild(): void {
    this.head = new Int32Array(1 << this.bits).fill(END);
    for (let s = 0; s < this.rows; s++) {
      const b = this.hashes[s]! >>> (32 - this.bits);
      this.next[s] = this.head[b]!;
      this.head[b] = s;
    }
  }

  /** Candidate slots for a trace id (newest first). */
  candidates(traceId: Uint8Array): number[] {
    const h = traceHash(traceId, 0);
    const out: number[] = [];
    for (let s = this.head[h >>> (32 - this.bits)]!; s !== END; s = this.next[s]!) {
      if (this.hashes[s] === h) out.push(s);
    }
    return out;
  }

  memoryBytes(): number {
    return this.head.byteLength + this.next.byteLength + this.hashes.byteLength;
  }

  /** trace.idx: header [magic, version, bucket bits, rows], head, next, hashes, CRC-32 of all before. */
  encode(): Uint8Array {
    const words = 4 + this.head.length + 2 * this.rows;
    const out = new Uint8Array(words * 4 + 4);
    const w = new Uint32Array(out.buffer, 0, words);
    w[0] = MAGIC;
    w[1] = VERSION;
    w[2] = this.bits;
    w[3] = this.rows;
    new Int32Array(out.buffer, HEADER_BYTES, this.head.length).set(this.head);
    new Int32Array(out.buffer, HEADER_BYTES + 4 * this.head.length, this.rows).set(
      this.next.subarray(0, this.rows),
    );
    w.set(this.hashes.subarray(0, this.rows), 4 + this.head.length + this.rows);
    new DataView(out.buffer).setUint32(words * 4, crc32(out.subarray(0, words * 4)), true);
    return out;
  }
}

/** A sealed segment's trace.idx, read a few bytes at a time. */
export class TraceIndexFile {
  private constructor(
    private readonly disk: Disk,
    private readonly fd: number,
    private readonly path: string,
    private readonly bits: number,
    private readonly rows: number,
  ) {}

  /** Opens and checks the header; the body's CRC is checked by `verify`. */
  static open(disk: Disk, path: string): TraceIndexFile {
    let fd: number;
    try {
      fd = disk.open(path, 'r');
    } catch (err) {
      throw fromSystemError(err, `opening ${path}`);
    }
    const h = new Uint8Array(HEADER_BYTES);
    const view = new DataView(h.buffer);
    if (readFully(disk, fd, h, 0, HEADER_BYTES, 0) !== HEADER_BYTES || view.getUint32(0, true) !== MAGIC) {
      disk.close(fd);
      throw new CorruptError(`${path}: not a trace index`);
    }
    if (view.getUint32(4, true) !== VERSION) {
      disk.close(fd);
      throw new CorruptError(`${path}: trace index version ${view.getUint32(4, true)} is not supported`);
    }
    return new TraceIndexFile(disk, fd, path, view.getUint32(8, true), view.getUint32(12, true));
  }

  private word(index: number): number {
    const b = new Uint8Array(4);
    if (readFully(this.disk, this.fd, b, 0, 4, HEADER_BYTES + 4 * index) !== 4) {
      throw new CorruptError(`${this.path}: truncated`);
    }
    return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
  }

  candidates(traceId: Uint8Array): number[] {
    const h = traceHash(traceId, 0);
    const buckets = 1 << this.bits;
    const out: number[] = [];
    let s = this.word(h >>> (32 - this.bits)) | 0;
    for (let steps = 0; s !== END; steps++) {
      if (s < 0 || s >= this.rows || steps > this.rows) throw new CorruptError(`${this.path}: broken chain`);
      if (this.word(buckets + this.rows + s) === h) out.push(s);
      s = this.word(buckets + s) | 0;
    }
    return out;
  }

  /** Checks the whole file's CRC (verify). */
  check(): string | null {
    const size = this.disk.size(this.fd);
    const all = new Uint8Array(size);
    readFully(this.disk, this.fd, all, 0, size, 0);
    if (size < HEADER_BYTES + 4) return 'truncated';
    const crc = new DataView(all.buffer).getUint32(size - 4, true);
    return crc32(all.subarray(0, size - 4)) === crc ? null : 'checksum mismatch';
  }

  close(): void {
    this.disk.close(this.fd);
  }
}
