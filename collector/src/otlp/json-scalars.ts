/**
 * Scalar fields of OTLP/JSON (opentelemetry-proto, "JSON Protobuf Encoding"): proto3 JSON, except
 * that trace and span ids are hex. 64-bit integers may be decimal strings or JSON numbers, other
 * numbers may also come as strings, `null` means "not set". A value of the wrong type throws
 * InvalidRowError, which rejects the span that holds it.
 */
import { InvalidRowError } from '@laptime/store';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const UINT32_MAX = 0xffffffff;
const DECIMAL = /^-?[0-9]+$/;
/** Significant digits of the longest 64-bit integer (2^64 - 1 has 20). */
const MAX_INTEGER_DIGITS = 20;
/** Leading sign and zeros of a decimal string. */
const SIGN_AND_ZEROS = /^-?0*/;
/**
 * Longest number string read as a double. A double needs at most 17 significant digits;
 * the rest is room for zeros and an exponent. Longer strings are refused unread.
 */
const MAX_DOUBLE_CHARS = 128;
/** A JSON number literal, as proto3 JSON allows for numbers sent as strings. */
const NUMBER_LITERAL = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;
/** Standard or URL-safe base64, padded or not (proto3 JSON accepts both). */
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;
/** Characters of a bad value quoted in an error message. */
const MAX_SHOWN = 40;

/** Describes a JSON value's type for error messages. */
export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function wrongType(where: string, want: string, v: unknown): InvalidRowError {
  return new InvalidRowError(`${where} must be ${want}, not ${jsonType(v)}`);
}

/**
 * A string field; absent or null is ''. JSON escapes can spell a lone UTF-16 surrogate
 * (`"\ud800"`), which has no UTF-8 form: stored, it would become U+FFFD and collide with other
 * strings, so it is refused as protobuf input refuses invalid UTF-8.
 */
export function stringOf(v: unknown, where: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw wrongType(where, 'a string', v);
  if (!v.isWellFormed()) throw new InvalidRowError(`${where} is not valid Unicode (a lone UTF-16 surrogate)`);
  return v;
}

/** A uint32 field (counts, flags, enums): a JSON number or a decimal string; absent or null is 0. */
export function uint32Of(v: unknown, where: string): number {
  if (v === undefined || v === null) return 0;
  const n = typeof v === 'string' ? integerOf(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > UINT32_MAX)
    throw new InvalidRowError(`${where} must be an integer in [0, 2^32), not ${describeValue(v)}`);
  return n;
}

/** A fixed64 time in Unix nanoseconds: a decimal string or a JSON number; absent or null is 0. */
export function uint64Of(v: unknown, where: string): bigint {
  if (v === undefined || v === null) return 0n;
  const n = bigIntegerOf(v);
  if (n === null || n < 0n || n > UINT64_MAX)
    throw new InvalidRowError(`${where} must be an integer in [0, 2^64), not ${describeValue(v)}`);
  return n;
}

/**
 * An int64: a decimal string (exact), or a JSON number. JSON numbers are doubles, so one beyond
 * 2^53 is read as the double it parses to (which is what a JavaScript sender meant by it).
 */
export function int64Of(v: unknown, where: string): bigint {
  const n = bigIntegerOf(v);
  if (n === null || n < INT64_MIN || n > INT64_MAX)
    throw new InvalidRowError(`${where} must be an int64, not ${describeValue(v)}`);
  return n;
}

function bigIntegerOf(v: unknown): bigint | null {
  if (typeof v === 'string') return decimalFits(v) ? BigInt(v) : null;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  return null;
}

/** A decimal string as a number when it has the digits of a 64-bit integer at most, else null. */
function integerOf(v: string): number | null {
  return decimalFits(v) ? Number(v) : null;
}

/**
 * True for a decimal integer of at most {@link MAX_INTEGER_DIGITS} significant digits. Checked
 * before any conversion: `BigInt()` takes time quadratic in the digits, and one request can
 * carry millions of them.
 */
function decimalFits(v: string): boolean {
  if (!DECIMAL.test(v)) return false;
  return v.length <= MAX_INTEGER_DIGITS || v.length - SIGN_AND_ZEROS.exec(v)![0].length <= MAX_INTEGER_DIGITS;
}

/** A double: a JSON number, or a string holding a number, "NaN", "Infinity" or "-Infinity". */
export function doubleOf(v: unknown, where: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (v === 'NaN') return NaN;
    if (v === 'Infinity') return Infinity;
    if (v === '-Infinity') return -Infinity;
    if (v.length <= MAX_DOUBLE_CHARS && NUMBER_LITERAL.test(v)) return Number(v);
  }
  throw new InvalidRowError(`${where} must be a double, not ${describeValue(v)}`);
}

/** A bool field (`true` / `false` only). */
export function boolOf(v: unknown, where: string): boolean {
  if (typeof v !== 'boolean') throw wrongType(where, 'a boolean', v);
  return v;
}

/** Base64 bytes (standard or URL-safe alphabet, padding optional). */
export function bytesOf(v: unknown, where: string): Uint8Array {
  if (typeof v !== 'string' || !BASE64.test(v) || v.replace(/=+$/, '').length % 4 === 1)
    throw new InvalidRowError(`${where} must be base64, not ${describeValue(v)}`);
  return Buffer.from(v, 'base64');
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48; // 0-9
  const lower = c | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87; // a-f, A-F
  return -1;
}

/** A JSON value for an error message, cut short. */
function describeValue(v: unknown): string {
  // Cut before quoting: the value may be megabytes long.
  const shown =
    typeof v === 'string'
      ? JSON.stringify(v.slice(0, MAX_SHOWN + 1))
      : jsonType(v) === 'number'
        ? String(v)
        : jsonType(v);
  return shown.length > MAX_SHOWN ? `${shown.slice(0, MAX_SHOWN)}...` : shown;
}

/** A hex id of exactly `bytes` bytes; hex digits are case-insensitive. */
export function hexIdOf(v: unknown, bytes: number, where: string): Uint8Array {
  if (v === undefined || v === null || v === '') throw new InvalidRowError(`${where} is missing`);
  if (typeof v !== 'string') throw wrongType(where, 'a hex string', v);
  if (v.length !== 2 * bytes)
    throw new InvalidRowError(`${where} has ${v.length} hex digits, expected ${2 * bytes}`);
  const id = new Uint8Array(bytes);
  for (let k = 0; k < bytes; k++) {
    const hi = hexDigit(v.charCodeAt(2 * k));
    const lo = hexDigit(v.charCodeAt(2 * k + 1));
    if (hi < 0 || lo < 0) throw new InvalidRowError(`${where} is not a hex string`);
    id[k] = (hi << 4) | lo;
  }
  return id;
}
