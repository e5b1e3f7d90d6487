/**
 * OTLP/JSON `AnyValue` and `KeyValue` lists to the store's logical values, which the store's own
 * encoders then write (one encoding of the format: the store's). A malformed value throws
 * InvalidRowError naming where it is, which rejects the span that holds it.
 */
import { InvalidRowError, MAX_ANY_VALUE_DEPTH, type AnyValue, type Attributes } from '@laptime/store';
import { boolOf, bytesOf, doubleOf, int64Of, jsonType, stringOf } from './json-scalars.js';

export type JsonObject = Record<string, unknown>;

/** True for a JSON object (not an array, not null). */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Set, in proto3 JSON terms: present and not null. */
export function isSet(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/** A repeated field: absent or null is empty. */
export function listOf(v: unknown, where: string): readonly unknown[] {
  if (!isSet(v)) return [];
  if (!Array.isArray(v)) throw new InvalidRowError(`${where} must be an array, not ${jsonType(v)}`);
  return v;
}

/** A message field: absent or null is an empty message. */
export function messageOf(v: unknown, where: string): JsonObject {
  if (!isSet(v)) return {};
  if (!isJsonObject(v)) throw new InvalidRowError(`${where} must be an object, not ${jsonType(v)}`);
  return v;
}

/**
 * Rethrows an InvalidRowError from inside a value with `where` in front of its message, so the
 * path (`attributes.tags[3].intValue ...`) is only built when something is wrong.
 */
export function within(err: unknown, where: string): unknown {
  if (!(err instanceof InvalidRowError)) return err;
  // Paths join directly (`.key`, `[3]`, ` must be ...` from an unnamed value); words get a space.
  const sep = /^[.[ ]/.test(err.message) ? '' : ' ';
  return new InvalidRowError(`${where}${sep}${err.message}`);
}

/**
 * A `KeyValue` list (attributes) as a map; a later duplicate key wins. `depth` is the depth of
 * the values (1 for a span's own attributes).
 */
export function attributesOf(v: unknown, depth = 1): Attributes {
  const out: Record<string, AnyValue> = {};
  const list = listOf(v, '');
  for (let k = 0; k < list.length; k++) {
    let key = '';
    try {
      const kv = messageOf(list[k], '');
      key = stringOf(kv.key, 'key');
      const value = anyValueOf(kv.value, depth);
      // Assigning __proto__ would set the prototype; it must stay an entry, as in the store's decoder.
      if (key === '__proto__')
        Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
    } catch (err) {
      throw within(err, key === '' ? `[${k}]` : `.${key}`);
    }
  }
  return out;
}

/** An `AnyValue` at nesting depth `depth`: null when no member is set. */
export function anyValueOf(v: unknown, depth: number): AnyValue {
  if (!isSet(v)) return null;
  if (depth > MAX_ANY_VALUE_DEPTH) throw new InvalidRowError(`nests deeper than ${MAX_ANY_VALUE_DEPTH}`);
  const o = messageOf(v, 'value');
  let out: AnyValue = null;
  let set = 0;
  if (isSet(o.stringValue)) {
    out = stringOf(o.stringValue, 'stringValue');
    set++;
  }
  if (isSet(o.boolValue)) {
    out = boolOf(o.boolValue, 'boolValue');
    set++;
  }
  if (isSet(o.intValue)) {
    out = int64Of(o.intValue, 'intValue');
    set++;
  }
  if (isSet(o.doubleValue)) {
    out = doubleOf(o.doubleValue, 'doubleValue');
    set++;
  }
  if (isSet(o.bytesValue)) {
    out = bytesOf(o.bytesValue, 'bytesValue');
    set++;
  }
  if (isSet(o.arrayValue)) {
    out = arrayOf(messageOf(o.arrayValue, 'arrayValue').values, depth);
    set++;
  }
  if (isSet(o.kvlistValue)) {
    out = attributesOf(messageOf(o.kvlistValue, 'kvlistValue').values, depth + 1);
    set++;
  }
  // AnyValue is a oneof: two members set is not a value.
  if (set > 1) throw new InvalidRowError(`sets ${set} members of the AnyValue oneof`);
  return out;
}

function arrayOf(v: unknown, depth: number): AnyValue[] {
  const list = listOf(v, 'arrayValue.values');
  const out = new Array<AnyValue>(list.length);
  for (let k = 0; k < list.length; k++) {
    try {
      out[k] = anyValueOf(list[k], depth + 1);
    } catch (err) {
      throw within(err, `[${k}]`);
    }
  }
  return out;
}
