/**
 * OTLP `AnyValue` and `KeyValue` in the store's wire format, both ways:
 * `AnyValue { 1 string, 2 bool, 3 int64, 4 double, 5 ArrayValue { 1 repeated AnyValue },
 * 6 KeyValueList { 1 repeated KeyValue }, 7 bytes }` and `KeyValue { 1 key, 2 value }`.
 */
import { InvalidRowError } from '../errors.js';
import { StringCache } from './string-cache.js';
import { MAX_ANY_VALUE_DEPTH } from './limits.js';
import { ProtoError, WireType, expectWireType, type ProtoReader, type ProtoWriter } from './pb.js';
import { describe, isPlainObject, isWellFormed, LONE_SURROGATE, prefixed } from './value-checks.js';
import type { AnyValue, Attributes } from './types.js';

/** Field numbers of `AnyValue`. */
export const AnyValueField = {
  String: 1,
  Bool: 2,
  Int: 3,
  Double: 4,
  Array: 5,
  KvList: 6,
  Bytes: 7,
} as const;
/** Field numbers of `KeyValue`. */
export const KeyValueField = { Key: 1, Value: 2 } as const;
/** The repeated field of `ArrayValue` and of `KeyValueList`. */
const LIST_ITEMS = 1;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Slots of the cache of decoded attribute keys (at most 64 bytes each). Only keys are cached:
 * they repeat on every row and, as property keys, cost an interning each when fresh; caching
 * string values too made no measurable difference.
 */
const KEY_CACHE_SLOTS = 4096;
const keyCache = new StringCache(KEY_CACHE_SLOTS);

/** A mutable attribute map while it is being decoded. */
type MutableAttributes = Record<string, AnyValue>;

/**
 * Writes every entry of `attrs` as a repeated `KeyValue` field numbered `field`. `depth` is the
 * depth of the values (1 for a span's own attributes).
 *
 * @throws InvalidRowError when a value has no OTLP type or nests too deep; the message names the key.
 */
export function encodeAttributes(w: ProtoWriter, field: number, attrs: Attributes, depth = 1): void {
  if (!isPlainObject(attrs)) throw new InvalidRowError(`must be a plain object, not ${describe(attrs)}`);
  for (const key of Object.keys(attrs)) {
    // Checked here, not only per value: a null value writes no AnyValue but still nests.
    if (depth > MAX_ANY_VALUE_DEPTH)
      throw new InvalidRowError(`values nest deeper than ${MAX_ANY_VALUE_DEPTH}`);
    if (!isWellFormed(key)) throw new InvalidRowError(`key ${JSON.stringify(key)} ${LONE_SURROGATE}`);
    w.tag(field, WireType.Len);
    const mark = w.fork();
    w.tag(KeyValueField.Key, WireType.Len);
    w.string(key);
    try {
      encodeValueField(w, attrs[key] as AnyValue, depth);
    } catch (err) {
      throw prefixed(err, `.${key}`);
    }
    w.join(mark);
  }
}

/** Writes `KeyValue.value` (an `AnyValue` message) unless the value is null. */
function encodeValueField(w: ProtoWriter, v: AnyValue, depth: number): void {
  if (v === null) return;
  w.tag(KeyValueField.Value, WireType.Len);
  const mark = w.fork();
  encodeAnyValue(w, v, depth);
  w.join(mark);
}

/** Writes the fields of one `AnyValue` (nothing for null). */
export function encodeAnyValue(w: ProtoWriter, v: AnyValue, depth: number): void {
  if (depth > MAX_ANY_VALUE_DEPTH)
    throw new InvalidRowError(`values nest deeper than ${MAX_ANY_VALUE_DEPTH}`);
  switch (typeof v) {
    case 'string':
      if (!isWellFormed(v)) throw new InvalidRowError(`string ${LONE_SURROGATE}`);
      w.tag(AnyValueField.String, WireType.Len);
      w.string(v);
      return;
    case 'boolean':
      w.tag(AnyValueField.Bool, WireType.Varint);
      w.bool(v);
      return;
    case 'bigint':
      if (v < INT64_MIN || v > INT64_MAX) throw new InvalidRowError(`int ${v} is outside the int64 range`);
      w.tag(AnyValueField.Int, WireType.Varint);
      w.int64(v);
      return;
    case 'number':
      w.tag(AnyValueField.Double, WireType.Fixed64);
      w.double(v);
      return;
    case 'object':
      if (v === null) return;
      if (v instanceof Uint8Array) {
        w.tag(AnyValueField.Bytes, WireType.Len);
        w.bytes(v);
      } else if (Array.isArray(v)) {
        encodeArray(w, v as readonly AnyValue[], depth);
      } else if (isPlainObject(v)) {
        w.tag(AnyValueField.KvList, WireType.Len);
        const mark = w.fork();
        encodeAttributes(w, LIST_ITEMS, v, depth + 1);
        w.join(mark);
      } else {
        throw new InvalidRowError(`unsupported value type ${describe(v)}`);
      }
      return;
    default:
      throw new InvalidRowError(`unsupported value type ${describe(v)}`);
  }
}

function encodeArray(w: ProtoWriter, items: readonly AnyValue[], depth: number): void {
  w.tag(AnyValueField.Array, WireType.Len);
  const outer = w.fork();
  for (let k = 0; k < items.length; k++) {
    w.tag(LIST_ITEMS, WireType.Len);
    const mark = w.fork();
    try {
      encodeAnyValue(w, items[k]!, depth + 1);
    } catch (err) {
      throw prefixed(err, `[${k}]`);
    }
    w.join(mark);
  }
  w.join(outer);
}

/**
 * Reads one `KeyValue` (the reader's range is the message) into `into`. `depth` is the depth of
 * its value.
 */
export function decodeKeyValueInto(r: ProtoReader, into: MutableAttributes, depth: number): void {
  let key = '';
  let value: AnyValue = null;
  while (r.pos < r.end) {
    const t = r.tag();
    switch (t >>> 3) {
      case KeyValueField.Key: {
        expectWireType(t, WireType.Len);
        const end = r.lenEnd();
        key = keyCache.decode(r.buf, r.pos, end);
        r.pos = end;
        break;
      }
      case KeyValueField.Value: {
        expectWireType(t, WireType.Len);
        const saved = r.enter();
        value = decodeAnyValue(r, depth);
        r.leave(saved);
        break;
      }
      default:
        r.skip(t & 7);
    }
  }
  setKey(into, key, value);
}

/** Reads the fields of one `AnyValue` (the reader's range is the message); null when none is set. */
export function decodeAnyValue(r: ProtoReader, depth: number): AnyValue {
  let v: AnyValue = null;
  while (r.pos < r.end) {
    const t = r.tag();
    switch (t >>> 3) {
      case AnyValueField.String:
        expectWireType(t, WireType.Len);
        v = r.string();
        break;
      case AnyValueField.Bool:
        expectWireType(t, WireType.Varint);
        v = r.bool();
        break;
      case AnyValueField.Int:
        expectWireType(t, WireType.Varint);
        v = r.int64();
        break;
      case AnyValueField.Double:
        expectWireType(t, WireType.Fixed64);
        v = r.double();
        break;
      case AnyValueField.Array:
        expectWireType(t, WireType.Len);
        v = decodeArray(r, depth);
        break;
      case AnyValueField.KvList:
        expectWireType(t, WireType.Len);
        v = decodeKvList(r, depth);
        break;
      case AnyValueField.Bytes:
        expectWireType(t, WireType.Len);
        v = r.bytes();
        break;
      default:
        r.skip(t & 7);
    }
  }
  return v;
}

/** Reads an `ArrayValue` whose length prefix is next; its items are at `depth + 1`. */
function decodeArray(r: ProtoReader, depth: number): AnyValue[] {
  const listEnd = r.enter();
  const items: AnyValue[] = [];
  while (r.pos < r.end) {
    const t = r.tag();
    if (t >>> 3 !== LIST_ITEMS) {
      r.skip(t & 7);
      continue;
    }
    const saved = enterItem(r, t, depth);
    items.push(decodeAnyValue(r, depth + 1));
    r.leave(saved);
  }
  r.leave(listEnd);
  return items;
}

/** Reads a `KeyValueList` whose length prefix is next; its values are at `depth + 1`. */
function decodeKvList(r: ProtoReader, depth: number): MutableAttributes {
  const listEnd = r.enter();
  const map: MutableAttributes = {};
  while (r.pos < r.end) {
    const t = r.tag();
    if (t >>> 3 !== LIST_ITEMS) {
      r.skip(t & 7);
      continue;
    }
    const saved = enterItem(r, t, depth);
    decodeKeyValueInto(r, map, depth + 1);
    r.leave(saved);
  }
  r.leave(listEnd);
  return map;
}

/** Enters a list item (key `t`) of a list at `depth`, refusing one nested too deep. */
function enterItem(r: ProtoReader, t: number, depth: number): number {
  expectWireType(t, WireType.Len);
  if (depth >= MAX_ANY_VALUE_DEPTH) throw new ProtoError(`values nest deeper than ${MAX_ANY_VALUE_DEPTH}`);
  return r.enter();
}

/** Sets an own property, even `__proto__` (which plain assignment would treat as the prototype). */
export function setKey(into: MutableAttributes, key: string, value: AnyValue): void {
  if (key === '__proto__')
    Object.defineProperty(into, key, { value, enumerable: true, writable: true, configurable: true });
  else into[key] = value;
}

/** Reads one repeated `KeyValue` field (key `t`) of a span-level attribute map into `into`. */
export function decodeKeyValueField(r: ProtoReader, t: number, into: Record<string, AnyValue>): void {
  expectWireType(t, WireType.Len);
  const saved = r.enter();
  decodeKeyValueInto(r, into, 1);
  r.leave(saved);
}

/** {@link encodeAttributes} of a span-level map, naming the map (`where`) in errors. */
export function attributesField(w: ProtoWriter, field: number, attrs: Attributes, where: string): void {
  try {
    encodeAttributes(w, field, attrs);
  } catch (err) {
    throw prefixed(err, where);
  }
}
