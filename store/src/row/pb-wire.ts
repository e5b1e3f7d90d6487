/** Protobuf wire-format basics shared by the reader and the writer. */

/** Protobuf wire types (groups, 3 and 4, are obsolete and rejected). */
export const WireType = { Varint: 0, Fixed64: 1, Len: 2, Fixed32: 5 } as const;

/** Malformed wire data. Callers map it onto their own error (store: CorruptError / InvalidRowError). */
export class ProtoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtoError';
  }
}

/** The longest varint: 64 bits in 7-bit groups. */
export const MAX_VARINT_BYTES = 10;
/** Below this byte count a hand loop beats a native call with its subarray. */
export const SMALL_COPY_BYTES = 32;

/** True when typed arrays are little-endian, as the wire is (so most copies need no swap). */
export const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// One 8-byte scratch area converts doubles without a DataView per buffer.
export const scratchF64 = new Float64Array(1);
export const scratchU8 = new Uint8Array(scratchF64.buffer);

/** Throws a ProtoError unless the field key `tag` carries wire type `want`. */
export function expectWireType(tag: number, want: number): void {
  if ((tag & 7) !== want)
    throw new ProtoError(`field ${tag >>> 3} has wire type ${tag & 7}, expected ${want}`);
}

/**
 * A copy of `src[start, end)` as a plain Uint8Array. (`Buffer#slice` returns a view, and a Buffer:
 * neither is what a caller keeping the bytes wants.)
 */
export function copyBytes(src: Uint8Array, start: number, end: number): Uint8Array {
  const n = end - start;
  const out = new Uint8Array(n);
  if (n < SMALL_COPY_BYTES) for (let k = 0; k < n; k++) out[k] = src[start + k]!;
  else out.set(src.subarray(start, end));
  return out;
}
