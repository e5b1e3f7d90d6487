/** The protobuf reader: the decoding half of the wire primitives. Every read is bounds-checked. */
import {
  MAX_VARINT_BYTES,
  ProtoError,
  WireType,
  copyBytes,
  littleEndian,
  scratchF64,
  scratchU8,
} from './pb-wire.js';

/** Strings at most this long are decoded by a hand loop when they are ASCII. */
const SHORT_DECODE_BYTES = 16;
const TWO_POW_32 = 4294967296;
/** Largest `hi` word whose 64-bit value is still a safe integer (2^53 > hi * 2^32 + lo). */
const SAFE_HI = 0x200000;

// ignoreBOM: a leading U+FEFF is part of the string, not a marker to drop.
const fatalDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Reads protobuf wire data from `buf[start, end)`; every read is bounds-checked. */
export class ProtoReader {
  buf: Uint8Array;
  pos: number;
  end: number;
  /** Low word of the last 64-bit value read by {@link fixed64Lo} or {@link varint64}. */
  lo = 0;
  /** High word of the last 64-bit value read. */
  hi = 0;

  constructor(buf: Uint8Array, start = 0, end = buf.length) {
    this.buf = buf;
    this.pos = start;
    this.end = end;
    if (start < 0 || end > buf.length || start > end) throw new ProtoError('range outside the buffer');
  }

  /** Points this reader at another range, so one reader can serve many messages. */
  reset(buf: Uint8Array, start = 0, end = buf.length): void {
    if (start < 0 || end > buf.length || start > end) throw new ProtoError('range outside the buffer');
    this.buf = buf;
    this.pos = start;
    this.end = end;
  }

  eof(): boolean {
    return this.pos >= this.end;
  }

  /** A field key `(field << 3) | wireType`; rejects field 0, groups and unknown wire types. */
  tag(): number {
    const t = this.uint32();
    const wt = t & 7;
    if (t >>> 3 === 0) throw new ProtoError('field number 0');
    if (wt !== 0 && wt !== 1 && wt !== 2 && wt !== 5) throw new ProtoError(`invalid wire type ${wt}`);
    return t;
  }

  /** A varint, keeping its low 32 bits (as protobuf does for uint32 and int32 fields). */
  uint32(): number {
    const buf = this.buf;
    const end = this.end;
    let p = this.pos;
    if (p >= end) throw new ProtoError('truncated varint');
    let b = buf[p++]!;
    if (b < 0x80) {
      this.pos = p;
      return b;
    }
    let v = b & 0x7f;
    for (let shift = 7; shift < 35; shift += 7) {
      if (p >= end) throw new ProtoError('truncated varint');
      b = buf[p++]!;
      v |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = p;
        return v >>> 0;
      }
    }
    // Bytes 6 to 10 only carry bits above 32.
    this.pos = p;
    this.skipVarintTail(5);
    return v >>> 0;
  }

  /** A varint of up to 64 bits into {@link lo} and {@link hi}. */
  varint64(): void {
    const buf = this.buf;
    const end = this.end;
    let p = this.pos;
    let lo = 0;
    let hi = 0;
    let b = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (p >= end) throw new ProtoError('truncated varint');
      b = buf[p++]!;
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = p;
        this.lo = lo >>> 0;
        this.hi = 0;
        return;
      }
    }
    if (p >= end) throw new ProtoError('truncated varint');
    b = buf[p++]!;
    lo |= (b & 0x7f) << 28;
    hi = (b & 0x7f) >>> 4;
    if (b >= 0x80) {
      for (let shift = 3; ; shift += 7) {
        if (p >= end) throw new ProtoError('truncated varint');
        b = buf[p++]!;
        if (shift === 31) {
          if (b > 1) throw new ProtoError('varint longer than 64 bits');
          hi |= b << 31;
          break;
        }
        hi |= (b & 0x7f) << shift;
        if (b < 0x80) break;
      }
    }
    this.pos = p;
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  uint64(): bigint {
    this.varint64();
    return toUint64(this.lo, this.hi);
  }

  /** A two's complement int64 varint. */
  int64(): bigint {
    this.varint64();
    return toInt64(this.lo, this.hi);
  }

  bool(): boolean {
    this.varint64();
    return (this.lo | this.hi) !== 0;
  }

  fixed32(): number {
    const p = this.pos;
    if (p + 4 > this.end) throw new ProtoError('truncated fixed32');
    const buf = this.buf;
    this.pos = p + 4;
    return (buf[p]! | (buf[p + 1]! << 8) | (buf[p + 2]! << 16) | (buf[p + 3]! << 24)) >>> 0;
  }

  /** Reads a fixed64 into {@link lo} and {@link hi}; returns `lo`. */
  fixed64Lo(): number {
    if (this.pos + 8 > this.end) throw new ProtoError('truncated fixed64');
    this.lo = this.fixed32();
    this.hi = this.fixed32();
    return this.lo;
  }

  /** A fixed64 as an unsigned bigint. */
  fixed64Big(): bigint {
    this.fixed64Lo();
    return toUint64(this.lo, this.hi);
  }

  double(): number {
    const p = this.pos;
    if (p + 8 > this.end) throw new ProtoError('truncated double');
    const buf = this.buf;
    if (littleEndian) for (let k = 0; k < 8; k++) scratchU8[k] = buf[p + k]!;
    else for (let k = 0; k < 8; k++) scratchU8[7 - k] = buf[p + k]!;
    this.pos = p + 8;
    return scratchF64[0]!;
  }

  /** Reads a length, checks that it fits, and returns the payload's end offset (`pos` is its start). */
  lenEnd(): number {
    const p = this.pos;
    let len: number;
    if (p < this.end && this.buf[p]! < 0x80) {
      len = this.buf[p]!;
      this.pos = p + 1;
    } else {
      this.varint64();
      if (this.hi !== 0) throw new ProtoError('length out of range');
      len = this.lo;
    }
    if (len > this.end - this.pos) throw new ProtoError('length past the end');
    return this.pos + len;
  }

  /**
   * Narrows the reader to the length-delimited payload that comes next, so a sub-message is read
   * with the same reader; returns the outer end, to hand to {@link leave} after the payload.
   */
  enter(): number {
    const end = this.lenEnd();
    const outer = this.end;
    this.end = end;
    return outer;
  }

  /** Goes back out of a payload entered with {@link enter}. */
  leave(outer: number): void {
    this.end = outer;
  }

  /** A length-delimited byte string, as a view into the buffer (no copy). */
  bytesView(): Uint8Array {
    const end = this.lenEnd();
    const start = this.pos;
    this.pos = end;
    return this.buf.subarray(start, end);
  }

  /** A length-delimited byte string, copied. */
  bytes(): Uint8Array {
    const end = this.lenEnd();
    const start = this.pos;
    this.pos = end;
    return copyBytes(this.buf, start, end);
  }

  /** A length-delimited UTF-8 string; ProtoError if it is not valid UTF-8. */
  string(): string {
    const end = this.lenEnd();
    const start = this.pos;
    this.pos = end;
    return decodeUtf8(this.buf, start, end);
  }

  /** Skips a field's value; ProtoError on groups and unknown wire types. */
  skip(wireType: number): void {
    switch (wireType) {
      case WireType.Varint:
        this.skipVarintTail(0);
        return;
      case WireType.Fixed64:
        if (this.pos + 8 > this.end) throw new ProtoError('truncated fixed64');
        this.pos += 8;
        return;
      case WireType.Len:
        this.pos = this.lenEnd();
        return;
      case WireType.Fixed32:
        if (this.pos + 4 > this.end) throw new ProtoError('truncated fixed32');
        this.pos += 4;
        return;
      default:
        throw new ProtoError(`invalid wire type ${wireType}`);
    }
  }

  /** Skips the rest of a varint of which `seen` bytes (all with the continuation bit) were read. */
  private skipVarintTail(seen: number): void {
    const buf = this.buf;
    const end = this.end;
    let p = this.pos;
    for (let n = seen; n < MAX_VARINT_BYTES; n++) {
      if (p >= end) throw new ProtoError('truncated varint');
      const b = buf[p++]!;
      if (n === MAX_VARINT_BYTES - 1 && b > 1) throw new ProtoError('varint longer than 64 bits');
      if (b < 0x80) {
        this.pos = p;
        return;
      }
    }
    throw new ProtoError('varint longer than 64 bits');
  }
}

/** Decodes and validates UTF-8 in `buf[start, end)`; short ASCII takes a hand loop. */
export function decodeUtf8(buf: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n === 0) return '';
  if (n <= SHORT_DECODE_BYTES) {
    let s = '';
    let p = start;
    for (; p < end; p++) {
      const c = buf[p]!;
      if (c >= 0x80) break;
      s += String.fromCharCode(c);
    }
    if (p === end) return s;
  }
  try {
    return fatalDecoder.decode(buf.subarray(start, end));
  } catch {
    throw new ProtoError('invalid UTF-8');
  }
}

/** Two 32-bit words as an unsigned 64-bit bigint. */
export function toUint64(lo: number, hi: number): bigint {
  if (hi < SAFE_HI) return BigInt(hi * TWO_POW_32 + lo);
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** Two 32-bit words as a signed (two's complement) 64-bit bigint. */
export function toInt64(lo: number, hi: number): bigint {
  if (hi < SAFE_HI) return BigInt(hi * TWO_POW_32 + lo);
  // Small negatives: -2^53 <= (hi - 2^32) * 2^32 + lo < 0 is exact in a double.
  if (hi >= TWO_POW_32 - SAFE_HI) return BigInt((hi - TWO_POW_32) * TWO_POW_32 + lo);
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
}
