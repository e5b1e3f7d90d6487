/** The protobuf writer: the encoding half of the wire primitives. */
import {
  MAX_VARINT_BYTES,
  SMALL_COPY_BYTES,
  copyBytes,
  littleEndian,
  scratchF64,
  scratchU8,
} from './pb-wire.js';

/** Default initial size of a {@link ProtoWriter}'s buffer. */
const DEFAULT_WRITER_BYTES = 1024;
/** Strings shorter than this (in UTF-16 units) take at most 3 bytes each, so their length fits 2 varint bytes. */
const SHORT_STRING_UNITS = 128;

const encoder = new TextEncoder();

/** A growable, reusable protobuf writer. */
export class ProtoWriter {
  /** The bytes written so far are `buf[0, pos)`; the buffer is replaced when it grows. */
  buf: Uint8Array;
  pos = 0;

  constructor(initialBytes = DEFAULT_WRITER_BYTES) {
    this.buf = new Uint8Array(Math.max(16, initialBytes));
  }

  /** Forgets everything written; keeps the buffer. */
  reset(): void {
    this.pos = 0;
  }

  /** Makes room for `n` more bytes at `pos`. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(need, this.buf.length * 2));
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
  }

  /** A field key: `(field << 3) | wireType`. */
  tag(field: number, wireType: number): void {
    this.uint32(((field << 3) | wireType) >>> 0);
  }

  /** A varint of 0..2^32-1. */
  uint32(v: number): void {
    this.ensure(5);
    const buf = this.buf;
    let p = this.pos;
    while (v > 127) {
      buf[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[p++] = v;
    this.pos = p;
  }

  /** A varint of 0..2^64-1 (wider values are cut to 64 bits). */
  uint64(v: bigint): void {
    if (v >= 0n && v < 0x100000000n) {
      this.uint32(Number(v));
      return;
    }
    const u = BigInt.asUintN(64, v);
    this.varint64(Number(u & 0xffffffffn), Number(u >> 32n));
  }

  /** A varint of -2^63..2^63-1; negatives take 10 bytes (two's complement), as protobuf says. */
  int64(v: bigint): void {
    this.uint64(v);
  }

  /** A varint from two 32-bit words. */
  varint64(lo: number, hi: number): void {
    this.ensure(MAX_VARINT_BYTES);
    const buf = this.buf;
    let p = this.pos;
    lo >>>= 0;
    hi >>>= 0;
    while (hi !== 0) {
      buf[p++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    while (lo > 127) {
      buf[p++] = (lo & 0x7f) | 0x80;
      lo >>>= 7;
    }
    buf[p++] = lo;
    this.pos = p;
  }

  bool(v: boolean): void {
    this.ensure(1);
    this.buf[this.pos++] = v ? 1 : 0;
  }

  /** Four bytes, little-endian. */
  fixed32(v: number): void {
    this.ensure(4);
    const buf = this.buf;
    const p = this.pos;
    buf[p] = v;
    buf[p + 1] = v >>> 8;
    buf[p + 2] = v >>> 16;
    buf[p + 3] = v >>> 24;
    this.pos = p + 4;
  }

  /** Eight bytes, little-endian, from two 32-bit words. */
  fixed64(lo: number, hi: number): void {
    this.fixed32(lo);
    this.fixed32(hi);
  }

  /** Eight bytes, little-endian (the value is cut to 64 bits). */
  fixed64Big(v: bigint): void {
    const u = BigInt.asUintN(64, v);
    this.fixed32(Number(u & 0xffffffffn));
    this.fixed32(Number(u >> 32n));
  }

  /** An IEEE 754 double, little-endian; NaN payloads and -0 are kept. */
  double(v: number): void {
    this.ensure(8);
    scratchF64[0] = v;
    const buf = this.buf;
    const p = this.pos;
    if (littleEndian) for (let k = 0; k < 8; k++) buf[p + k] = scratchU8[k]!;
    else for (let k = 0; k < 8; k++) buf[p + k] = scratchU8[7 - k]!;
    this.pos = p + 8;
  }

  /**
   * A length-prefixed UTF-8 string. Lone surrogates become U+FFFD (as in every UTF-8 encoder).
   * Short strings are written in place with no measuring pass.
   */
  string(s: string): void {
    const n = s.length;
    if (n >= SHORT_STRING_UNITS) {
      const len = Buffer.byteLength(s, 'utf8');
      this.uint32(len);
      this.ensure(len);
      encoder.encodeInto(s, this.buf.subarray(this.pos, this.pos + len));
      this.pos += len;
      return;
    }
    this.ensure(2 + n * 3);
    const buf = this.buf;
    const at = this.pos;
    let p = at + 1;
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      buf[p++] = c;
    }
    if (i === n) {
      buf[at] = n;
      this.pos = p;
      return;
    }
    const written = encoder.encodeInto(s, buf.subarray(at + 1, at + 1 + n * 3)).written;
    if (written < 128) {
      buf[at] = written;
      this.pos = at + 1 + written;
      return;
    }
    // A two-byte length: move the text one byte on.
    buf.copyWithin(at + 2, at + 1, at + 1 + written);
    buf[at] = (written & 0x7f) | 0x80;
    buf[at + 1] = written >>> 7;
    this.pos = at + 2 + written;
  }

  /** Length-prefixed bytes. */
  bytes(b: Uint8Array): void {
    this.uint32(b.length);
    this.raw(b, 0, b.length);
  }

  /** Copies `src[start, end)` as they are (already-encoded fields). */
  raw(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.ensure(n);
    const buf = this.buf;
    const p = this.pos;
    if (n < SMALL_COPY_BYTES) for (let k = 0; k < n; k++) buf[p + k] = src[start + k]!;
    else buf.set(src.subarray(start, end), p);
    this.pos = p + n;
  }

  /**
   * Starts a length-delimited sub-message: reserves one length byte and returns a mark for
   * {@link join}. Most sub-messages are under 128 bytes, so the rare longer one pays a move.
   */
  fork(): number {
    this.ensure(1);
    return this.pos++;
  }

  /** Ends the sub-message begun by `fork()` (in last-in first-out order): writes its length. */
  join(mark: number): void {
    const len = this.pos - mark - 1;
    if (len < 128) {
      this.buf[mark] = len;
      return;
    }
    let size = 2;
    while (len >= 2 ** (7 * size)) size++;
    this.ensure(size - 1);
    const buf = this.buf;
    buf.copyWithin(mark + size, mark + 1, this.pos);
    let v = len;
    let p = mark;
    while (v > 127) {
      buf[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[p] = v;
    this.pos += size - 1;
  }

  /** A copy of the bytes written. */
  finish(): Uint8Array {
    return copyBytes(this.buf, 0, this.pos);
  }
}
