/**
 * Attribute values as JSON, keeping their OTLP type (API.md): strings, booleans, arrays and maps
 * as JSON; int64 as a number when exact in a double, else as a decimal string; bytes as
 * `{"bytes": base64}`; doubles as numbers with a fraction, or as `{"double": ...}` where a plain
 * number would read as an int or JSON has no number for it.
 */
import type { AnyValue, Attributes } from '@laptime/store';
import { doubleJson } from '../otlp-out/double-json.js';

/** JSON of an attribute value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Largest integer magnitude a JSON number carries exactly. */
const EXACT_INT = 2n ** 53n;

export function anyValueJson(v: AnyValue): JsonValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return v <= EXACT_INT && v >= -EXACT_INT ? Number(v) : v.toString();
  // Ints are integral numbers (or decimal strings): a double prints with a fraction, or is
  // wrapped. NaN and the infinities are strings inside the wrapper, so never taken for strings.
  if (typeof v === 'number')
    return Number.isInteger(v) || !Number.isFinite(v) ? { double: doubleJson(v) } : v;
  if (v instanceof Uint8Array)
    return { bytes: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  if (Array.isArray(v)) return (v as readonly AnyValue[]).map(anyValueJson);
  return attributesJson(v as Attributes);
}

/** An attribute map as a JSON object (own keys only, `__proto__` included as a plain key). */
export function attributesJson(attrs: Attributes): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(attrs)) {
    Object.defineProperty(out, key, {
      value: anyValueJson(attrs[key]!),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
