import { CorruptError } from '../errors.js';

const INITIAL_CAPACITY = 256;
const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** Appends little-endian values to a buffer that grows by doubling. */
export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  private length = 0;

  /** `capacity`: bytes to start with; a good guess of the final size saves copies as it grows. */
  constructor(capacity = INITIAL_CAPACITY) {
    this.buf = new Uint8Array(Math.max(INITIAL_CAPACITY, Math.ceil(capacity)));
    this.view = new DataView(this.buf.buffer);
  }

  u8(v: number): void {
    this.reserve(1);
    this.view.setUint8(this.length, v);
    this.length += 1;
  }

  u16(v: number): void {
    this.reserve(2);
    this.view.setUint16(this.length, v, true);
    this.length += 2;
  }

  u32(v: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, v, true);
    this.length += 4;
  }

  i32(v: number): void {
    this.reserve(4);
    this.view.setInt32(this.length, v, true);
    this.length += 4;
  }

  f32(v: number): void {
    this.reserve(4);
    this.view.setFloat32(this.length, v, true);
    this.length += 4;
  }

  f64(v: number): void {
    this.reserve(8);
    this.view.setFloat64(this.length, v, true);
    this.length += 8;
  }

  bytes(src: Uint8Array): void {
    this.reserve(src.length);
    this.buf.set(src, this.length);
    this.length += src.length;
  }

  /** A u32 byte length, then the UTF-8 bytes. */
  string(s: string): void {
    const encoded = utf8.encode(s);
    this.u32(encoded.length);
    this.bytes(encoded);
  }

  /** A copy of the bytes written, exactly `byteLength` long. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }

  /**
   * The bytes written, without a copy: a view valid until the next write (large encodings that
   * are written out at once, where a copy would cost a long pause).
   */
  written(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let capacity = this.buf.length * 2;
    while (capacity < this.length + n) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buf.subarray(0, this.length));
    this.buf = grown;
    this.view = new DataView(grown.buffer);
  }
}

/**
 * Reads little-endian values; every read past the end throws {@link CorruptError} naming `what`
 * (the format being decoded), so a truncated file is reported, never read as zeros.
 */
export class ByteReader {
  private readonly view: DataView;
  private pos = 0;

  constructor(
    private readonly buf: Uint8Array,
    private readonly what: string,
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.buf.length - this.pos;
  }

  u8(): number {
    return this.view.getUint8(this.advance(1));
  }

  u16(): number {
    return this.view.getUint16(this.advance(2), true);
  }

  u32(): number {
    return this.view.getUint32(this.advance(4), true);
  }

  i32(): number {
    return this.view.getInt32(this.advance(4), true);
  }

  f32(): number {
    return this.view.getFloat32(this.advance(4), true);
  }

  f64(): number {
    return this.view.getFloat64(this.advance(8), true);
  }

  bytes(n: number): Uint8Array {
    const at = this.advance(n);
    return this.buf.subarray(at, at + n);
  }

  string(): string {
    const bytes = this.bytes(this.u32());
    try {
      return utf8Strict.decode(bytes);
    } catch {
      throw this.corrupt('a string is not valid UTF-8');
    }
  }

  /** Throws unless every byte was read: trailing bytes mean a framing error. */
  end(): void {
    if (this.remaining !== 0) throw this.corrupt(`${this.remaining} unexpected trailing bytes`);
  }

  /** A {@link CorruptError} prefixed with what is being decoded and where. */
  corrupt(reason: string): CorruptError {
    return new CorruptError(`${this.what}: ${reason} (at byte ${this.pos})`);
  }

  private advance(n: number): number {
    if (n < 0 || this.pos + n > this.buf.length) throw this.corrupt(`truncated: needs ${n} more bytes`);
    const at = this.pos;
    this.pos += n;
    return at;
  }
}
