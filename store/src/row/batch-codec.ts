/**
 * The binary form of a {@link RowBatch} inside a WAL record (the payload after the record's type
 * byte). Little-endian throughout, mostly straight copies of the typed arrays:
 *
 *     header (40 bytes): u32 version, u32 rows, u64 first row index, u32 strings,
 *                        u32 string bytes, u32 contexts, u32 context bytes, u32 extras bytes,
 *                        u32 reserved (0)
 *     u32 sections:      starts (2/row), ends (2/row), flags, services, names, contextIds,
 *                        extrasEnd, string byte lengths (1/string), context lengths (1/context)
 *     u8 sections:       traceIds (16/row), spanIds (8), parentSpanIds (8), kinds, statusCodes,
 *                        strings (UTF-8), contexts, extras
 *
 * Every u32 section starts at a multiple of 4, so a decoder whose input is 4-byte aligned views
 * them in place.
 */
import { CorruptError, FormatVersionError, InvalidArgumentError } from '../errors.js';
import { SPAN_ID_BYTES, TRACE_ID_BYTES } from './limits.js';
import { ProtoError, copyBytes, decodeUtf8 } from './pb.js';
import { littleEndian } from './pb-wire.js';
import type { RowBatch } from './types.js';

/** The version this code writes; it reads only this one. */
export const BATCH_FORMAT_VERSION = 1;
const HEADER_BYTES = 40;
/** u32 words per row in the u32 sections: starts 2, ends 2, flags, services, names, contextIds, extrasEnd. */
const U32_WORDS_PER_ROW = 9;
/** Bytes per row in the u8 sections (before strings, contexts and extras). */
const U8_BYTES_PER_ROW = TRACE_ID_BYTES + 2 * SPAN_ID_BYTES + 2;
const TWO_POW_32 = 4294967296;

const encoder = new TextEncoder();

/** Encodes `batch`, whose first row will have the global index `firstIndex`. */
export function encodeBatch(batch: RowBatch, firstIndex: number): Uint8Array {
  if (!Number.isSafeInteger(firstIndex) || firstIndex < 0)
    throw new InvalidArgumentError(`firstIndex: must be a non-negative integer, got ${firstIndex}`);
  const n = batch.length;
  const strings = batch.strings;
  const contexts = batch.contexts;
  const stringLengths = new Uint32Array(strings.length);
  let stringBytes = 0;
  for (let k = 0; k < strings.length; k++) {
    stringLengths[k] = Buffer.byteLength(strings[k]!, 'utf8');
    stringBytes += stringLengths[k]!;
  }
  let contextBytes = 0;
  for (const c of contexts) contextBytes += c.length;
  const extrasBytes = n === 0 ? 0 : batch.extrasEnd[n - 1]!;
  const u32Words = HEADER_BYTES / 4 + U32_WORDS_PER_ROW * n + strings.length + contexts.length;
  const total = u32Words * 4 + U8_BYTES_PER_ROW * n + stringBytes + contextBytes + extrasBytes;

  const out = new Uint8Array(total);
  const w = new Uint32Array(out.buffer, 0, u32Words);
  w[0] = BATCH_FORMAT_VERSION;
  w[1] = n;
  w[2] = firstIndex % TWO_POW_32;
  w[3] = Math.floor(firstIndex / TWO_POW_32);
  w[4] = strings.length;
  w[5] = stringBytes;
  w[6] = contexts.length;
  w[7] = contextBytes;
  w[8] = extrasBytes;
  let at = HEADER_BYTES / 4;
  for (const a of [batch.starts, batch.ends]) {
    w.set(a.subarray(0, 2 * n), at);
    at += 2 * n;
  }
  for (const a of [batch.flags, batch.services, batch.names, batch.contextIds, batch.extrasEnd]) {
    w.set(a.subarray(0, n), at);
    at += n;
  }
  w.set(stringLengths, at);
  at += strings.length;
  for (const c of contexts) w[at++] = c.length;
  if (!littleEndian) swapWords(out, 0, u32Words * 4);

  let p = u32Words * 4;
  for (const [a, width] of [
    [batch.traceIds, TRACE_ID_BYTES],
    [batch.spanIds, SPAN_ID_BYTES],
    [batch.parentSpanIds, SPAN_ID_BYTES],
    [batch.kinds, 1],
    [batch.statusCodes, 1],
  ] as const) {
    out.set(a.subarray(0, width * n), p);
    p += width * n;
  }
  for (let k = 0; k < strings.length; k++) {
    encoder.encodeInto(strings[k]!, out.subarray(p, p + stringLengths[k]!));
    p += stringLengths[k]!;
  }
  for (const c of contexts) {
    out.set(c, p);
    p += c.length;
  }
  out.set(batch.extras.subarray(0, extrasBytes), p);
  return out;
}

/**
 * Decodes what {@link encodeBatch} wrote. The batch may share memory with `bytes` (its byte
 * sections always do, its u32 sections when `bytes` is 4-byte aligned): keep `bytes` unchanged.
 * Checks the shape (sizes, table indexes, extras offsets, UTF-8 of names), not the rows' content:
 * `validateBatch` does that.
 *
 * @throws FormatVersionError for a newer format version, CorruptError for anything malformed.
 */
export function decodeBatch(bytes: Uint8Array): { firstIndex: number; batch: RowBatch } {
  if (bytes.length < HEADER_BYTES) throw new CorruptError('batch: truncated header');
  const head = readWords(bytes, 0, HEADER_BYTES / 4);
  const version = head[0]!;
  const n = head[1]!;
  const indexLo = head[2]!;
  const indexHi = head[3]!;
  const stringCount = head[4]!;
  const stringBytes = head[5]!;
  const contextCount = head[6]!;
  const contextBytes = head[7]!;
  const extrasBytes = head[8]!;
  const reserved = head[9]!;
  if (version > BATCH_FORMAT_VERSION)
    throw new FormatVersionError(`batch format version ${version} is newer than ${BATCH_FORMAT_VERSION}`);
  if (version !== BATCH_FORMAT_VERSION) throw new CorruptError(`batch: bad format version ${version}`);
  if (reserved !== 0) throw new CorruptError('batch: reserved header word is not zero');
  if (indexHi >= 0x200000) throw new CorruptError('batch: first index is out of range');
  // Sizes are checked in float arithmetic, exact up to 2^53, before anything is allocated.
  const u32Words = HEADER_BYTES / 4 + U32_WORDS_PER_ROW * n + stringCount + contextCount;
  const total = u32Words * 4 + U8_BYTES_PER_ROW * n + stringBytes + contextBytes + extrasBytes;
  if (total !== bytes.length)
    throw new CorruptError(`batch: ${bytes.length} bytes where the header says ${total}`);

  const words = readWords(bytes, HEADER_BYTES / 4, u32Words);
  let at = 0;
  const take = (count: number): Uint32Array => words.subarray(at, (at += count));
  const starts = take(2 * n);
  const ends = take(2 * n);
  const flags = take(n);
  const services = take(n);
  const names = take(n);
  const contextIds = take(n);
  const extrasEnd = take(n);
  const stringLengths = take(stringCount);
  const contextLengths = take(contextCount);

  let p = u32Words * 4;
  const bytesOf = (count: number): Uint8Array => bytes.subarray(p, (p += count));
  const traceIds = bytesOf(TRACE_ID_BYTES * n);
  const spanIds = bytesOf(SPAN_ID_BYTES * n);
  const parentSpanIds = bytesOf(SPAN_ID_BYTES * n);
  const kinds = bytesOf(n);
  const statusCodes = bytesOf(n);

  const strings: string[] = new Array<string>(stringCount);
  const stringsEnd = p + stringBytes;
  for (let k = 0; k < stringCount; k++) {
    const len = stringLengths[k]!;
    if (len > stringsEnd - p) throw new CorruptError('batch: string lengths overrun the string section');
    strings[k] = decodeString(bytes, p, p + len);
    p += len;
  }
  if (p !== stringsEnd) throw new CorruptError('batch: string lengths do not fill the string section');
  const contexts: Uint8Array[] = new Array<Uint8Array>(contextCount);
  const contextsEnd = p + contextBytes;
  for (let k = 0; k < contextCount; k++) {
    const len = contextLengths[k]!;
    if (len > contextsEnd - p) throw new CorruptError('batch: context lengths overrun the context section');
    contexts[k] = bytesOf(len);
  }
  if (p !== contextsEnd) throw new CorruptError('batch: context lengths do not fill the context section');
  const extras = bytesOf(extrasBytes);

  let prev = 0;
  for (let i = 0; i < n; i++) {
    if (services[i]! >= stringCount || names[i]! >= stringCount)
      throw new CorruptError(`batch: row ${i} names a string that is not in the table`);
    if (contextIds[i]! >= contextCount)
      throw new CorruptError(`batch: row ${i} names a context that is not in the table`);
    const end = extrasEnd[i]!;
    if (end < prev) throw new CorruptError(`batch: row ${i} extras end before the previous row's`);
    prev = end;
  }
  if (prev !== extrasBytes) throw new CorruptError('batch: extras offsets do not fill the extras section');

  const batch: RowBatch = {
    length: n,
    traceIds,
    spanIds,
    parentSpanIds,
    starts,
    ends,
    flags,
    kinds,
    statusCodes,
    strings,
    services,
    names,
    contexts,
    contextIds,
    extras,
    extrasEnd,
  };
  return { firstIndex: indexHi * TWO_POW_32 + indexLo, batch };
}

/** Little-endian u32 words `[fromWord, toWord)` of `bytes`: a view when aligned, else a copy. */
function readWords(bytes: Uint8Array, fromWord: number, toWord: number): Uint32Array {
  const byteStart = bytes.byteOffset + fromWord * 4;
  if (littleEndian && byteStart % 4 === 0) return new Uint32Array(bytes.buffer, byteStart, toWord - fromWord);
  const copy = copyBytes(bytes, fromWord * 4, toWord * 4);
  if (!littleEndian) swapWords(copy, 0, copy.length);
  return new Uint32Array(copy.buffer, 0, toWord - fromWord);
}

/** Reverses the bytes of each 4-byte word: little-endian on the wire, native in memory. */
function swapWords(b: Uint8Array, from: number, to: number): void {
  for (let p = from; p < to; p += 4) {
    const b0 = b[p]!;
    const b1 = b[p + 1]!;
    b[p] = b[p + 3]!;
    b[p + 1] = b[p + 2]!;
    b[p + 2] = b1;
    b[p + 3] = b0;
  }
}

function decodeString(bytes: Uint8Array, start: number, end: number): string {
  try {
    return decodeUtf8(bytes, start, end);
  } catch (err) {
    if (err instanceof ProtoError) throw new CorruptError('batch: a service or span name is not valid UTF-8');
    throw err;
  }
}
