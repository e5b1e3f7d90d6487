/**
 * A schema-aware model of an OTLP `ExportTraceServiceRequest` on the wire, independent of the
 * collector's decoder: a tree of fields that the fuzzer can parse, change and write back, recording
 * where each field landed so that byte-level corruption can aim at a tag, a length or a value.
 */
import { OTLP_SUB_MESSAGES, type OtlpMessageType } from '@laptime/collector/testing';

/** Protobuf wire types (0 varint, 1 64-bit, 2 length-delimited, 5 32-bit). */
export const Wire = { Varint: 0, Fixed64: 1, Len: 2, Fixed32: 5 } as const;

/** One field: a scalar (varint or fixed as bigint), bytes, or a nested message. */
export interface Field {
  no: number;
  wire: number;
  /** Varint and fixed values. */
  num?: bigint;
  /** Length-delimited bytes that are not a known message. */
  bytes?: Uint8Array;
  /** A nested message of the schema. */
  message?: Message;
}

export interface Message {
  type: OtlpMessageType;
  fields: Field[];
}

/** Where a field was written by {@link encodeMessage}. */
export interface FieldSpan {
  field: Field;
  /** Offset of the tag. */
  tag: number;
  /** Offset of the length prefix (length-delimited fields), else -1. */
  len: number;
  /** Offset of the value. */
  value: number;
  end: number;
}

/** Thrown when bytes are not a well-formed message of the schema. */
export class WireFormatError extends Error {
  override name = 'WireFormatError';
}

/** Parses `bytes` as a message of `type`. @throws WireFormatError when malformed. */
export function parseMessage(bytes: Uint8Array, type: OtlpMessageType = 'Request'): Message {
  const fields: Field[] = [];
  let pos = 0;
  const varint = (): bigint => {
    // Most varints are short: add them up as a number, and switch to bigint only past 28 bits.
    let small = 0;
    for (let i = 0; i < 4; i++) {
      if (pos >= bytes.length) throw new WireFormatError('varint runs past the end');
      const b = bytes[pos++]!;
      small += (b & 0x7f) * 2 ** (7 * i);
      if (b < 0x80) return BigInt(small);
    }
    let v = BigInt(small);
    for (let shift = 28n; shift < 70n; shift += 7n) {
      if (pos >= bytes.length) throw new WireFormatError('varint runs past the end');
      const b = bytes[pos++]!;
      v |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return v;
    }
    throw new WireFormatError('varint longer than 10 bytes');
  };
  const fixed = (n: number): bigint => {
    if (pos + n > bytes.length) throw new WireFormatError('fixed value runs past the end');
    let v = 0n;
    for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[pos + i]!);
    pos += n;
    return v;
  };
  while (pos < bytes.length) {
    const key = varint();
    const no = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (no === 0 || key >> 3n > 0x1fffffffn) throw new WireFormatError(`bad field number ${no}`);
    if (wire === Wire.Varint) fields.push({ no, wire, num: varint() });
    else if (wire === Wire.Fixed64) fields.push({ no, wire, num: fixed(8) });
    else if (wire === Wire.Fixed32) fields.push({ no, wire, num: fixed(4) });
    else if (wire === Wire.Len) {
      const n = varint();
      if (n > BigInt(bytes.length - pos)) throw new WireFormatError('length runs past the end');
      const value = bytes.subarray(pos, pos + Number(n));
      pos += Number(n);
      const child = OTLP_SUB_MESSAGES[type][no];
      fields.push(
        child === undefined ? { no, wire, bytes: value } : { no, wire, message: parseMessage(value, child) },
      );
    } else throw new WireFormatError(`wire type ${wire}`);
  }
  return { type, fields };
}

/** Writes `message` back to bytes; `spans` (when given) receives where every field went. */
export function encodeMessage(message: Message, spans?: FieldSpan[]): Uint8Array {
  // Two passes: sizes first (every length prefix needs its content's size), then one buffer.
  const sizes = new Map<Message, number>();
  const out = Buffer.alloc(sizeOf(message, sizes));
  write(message, out, 0, sizes, spans);
  return out;
}

function varintSize(v: bigint | number): number {
  if (typeof v === 'number' && v >= 0 && v < 2 ** 28)
    return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : 4;
  let x = BigInt.asUintN(64, BigInt(v));
  let n = 1;
  while (x >= 0x80n) {
    x >>= 7n;
    n++;
  }
  return n;
}

function keyOf(field: Field): number {
  return field.no * 8 + field.wire;
}

function contentSize(field: Field, sizes: Map<Message, number>): number {
  if (field.wire === Wire.Varint) return varintSize(field.num ?? 0n);
  if (field.wire === Wire.Fixed64) return 8;
  if (field.wire === Wire.Fixed32) return 4;
  return field.message !== undefined ? sizeOf(field.message, sizes) : (field.bytes?.length ?? 0);
}

function sizeOf(message: Message, sizes: Map<Message, number>): number {
  let n = 0;
  for (const field of message.fields) {
    const content = contentSize(field, sizes);
    n += varintSize(keyOf(field)) + content + (field.wire === Wire.Len ? varintSize(content) : 0);
  }
  sizes.set(message, n);
  return n;
}

/** Writes `message` into `out` at `at`; returns the offset after it. */
function write(
  message: Message,
  out: Buffer,
  at: number,
  sizes: Map<Message, number>,
  spans: FieldSpan[] | undefined,
): number {
  let pos = at;
  for (const field of message.fields) {
    const tag = pos;
    pos = putVarint(out, pos, keyOf(field));
    let len = -1;
    if (field.wire === Wire.Varint) pos = putVarint(out, pos, field.num ?? 0n);
    else if (field.wire === Wire.Fixed64) pos = putFixed(out, pos, field.num ?? 0n, 8);
    else if (field.wire === Wire.Fixed32) pos = putFixed(out, pos, field.num ?? 0n, 4);
    const value = field.wire === Wire.Len ? -1 : tag + varintSize(keyOf(field));
    if (field.wire !== Wire.Len) {
      spans?.push({ field, tag, len, value, end: pos });
      continue;
    }
    len = pos;
    pos = putVarint(
      out,
      pos,
      field.message !== undefined ? sizes.get(field.message)! : (field.bytes?.length ?? 0),
    );
    const start = pos;
    if (field.message !== undefined) pos = write(field.message, out, pos, sizes, spans);
    else if (field.bytes !== undefined) {
      out.set(field.bytes, pos);
      pos += field.bytes.length;
    }
    spans?.push({ field, tag, len, value: start, end: pos });
  }
  return pos;
}

function putVarint(out: Buffer, at: number, v: bigint | number): number {
  let pos = at;
  if (typeof v === 'number' && v >= 0 && v < 2 ** 31) {
    let n = v;
    while (n >= 0x80) {
      out[pos++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    out[pos++] = n;
    return pos;
  }
  let x = BigInt.asUintN(64, BigInt(v));
  while (x >= 0x80n) {
    out[pos++] = Number(x & 0x7fn) | 0x80;
    x >>= 7n;
  }
  out[pos++] = Number(x);
  return pos;
}

function putFixed(out: Buffer, at: number, v: bigint, n: number): number {
  let x = BigInt.asUintN(n * 8, v);
  for (let i = 0; i < n; i++) {
    out[at + i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return at + n;
}

/** Appends the base-128 varint of `v` (taken as unsigned 64-bit). */
export function pushVarint(out: number[], v: bigint): void {
  let x = BigInt.asUintN(64, v);
  while (x >= 0x80n) {
    out.push(Number(x & 0x7fn) | 0x80);
    x >>= 7n;
  }
  out.push(Number(x));
}

/** A copy of `message` whose fields can be changed without touching the original (bytes are shared: replace them, do not write into them). */
export function cloneMessage(message: Message): Message {
  return {
    type: message.type,
    fields: message.fields.map((f) =>
      f.message === undefined ? { ...f } : { ...f, message: cloneMessage(f.message) },
    ),
  };
}

/** Every message of `type` in the tree, depth first. */
export function messagesOf(root: Message, type: OtlpMessageType): Message[] {
  const found: Message[] = [];
  const visit = (m: Message): void => {
    if (m.type === type) found.push(m);
    for (const f of m.fields) if (f.message !== undefined) visit(f.message);
  };
  visit(root);
  return found;
}
