/**
 * Type and range checks of the values in a {@link Row} object, which may come from untyped
 * JavaScript: a wrong value is an InvalidRowError naming the field, never a TypeError.
 */
import { InvalidRowError } from '../errors.js';
import type { KeyValueList } from './types.js';

const TWO_POW_64 = 2n ** 64n;

/**
 * A string value: of type string and well-formed, so that it survives the store's UTF-8 form
 * unchanged (a lone surrogate would become U+FFFD, and two distinct names one).
 */
export function checkString(v: unknown, where: string): string {
  if (typeof v !== 'string') throw new InvalidRowError(`${where} must be a string, not ${describe(v)}`);
  if (!isWellFormed(v)) throw new InvalidRowError(`${where} ${LONE_SURROGATE}`);
  return v;
}

/** How a string that is not well-formed UTF-16 reads in error messages. */
export const LONE_SURROGATE = 'holds a lone UTF-16 surrogate: it has no UTF-8 form';

/** The string's own `isWellFormed` (ES2024, native since Node 20), typed for the ES2023 lib. */
export function isWellFormed(s: string): boolean {
  return (s as string & { isWellFormed(): boolean }).isWellFormed();
}

export function checkU32(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff)
    throw new InvalidRowError(`${where} must be an integer in [0, 2^32), not ${show(v)}`);
  return v;
}

/** An unsigned 64-bit integer such as a time in Unix nanoseconds. */
export function checkU64(v: unknown, where: string): bigint {
  if (typeof v !== 'bigint' || v < 0n || v >= TWO_POW_64)
    throw new InvalidRowError(`${where} must be a bigint in [0, 2^64), not ${describe(v)}`);
  return v;
}

export function checkId(v: unknown, bytes: number, where: string): Uint8Array {
  if (!(v instanceof Uint8Array) || v.length !== bytes)
    throw new InvalidRowError(`${where} must be a Uint8Array of ${bytes} bytes`);
  return v;
}

export function checkArray(v: unknown, where: string): readonly unknown[] {
  if (!Array.isArray(v)) throw new InvalidRowError(`${where} must be an array, not ${describe(v)}`);
  return v;
}

export function checkObject(v: unknown, where: string): void {
  if (typeof v !== 'object' || v === null)
    throw new InvalidRowError(`${where} must be an object, not ${describe(v)}`);
}

/** True for `{}`-style objects (and `Object.create(null)` ones), which map onto `KeyValueList`. */
export function isPlainObject(v: unknown): v is KeyValueList {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A value (numbers, bigints, booleans) or its type (anything else), for error messages. */
export function show(v: unknown): string {
  const t = typeof v;
  return t === 'number' || t === 'bigint' || t === 'boolean' ? String(v) : describe(v);
}

/** A short description of a value's type, for error messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v !== 'object') return typeof v;
  const ctor: unknown = (v as { constructor?: unknown }).constructor;
  return typeof ctor === 'function' && ctor.name !== '' ? ctor.name : 'object';
}

/**
 * Prefixes the message of an InvalidRowError with where it happened (`attributes`, `.key`,
 * `[3]`), building a path such as `attributes.tags[3]: unsupported value type undefined`.
 */
export function prefixed(err: unknown, where: string): unknown {
  if (!(err instanceof InvalidRowError)) return err;
  const sep =
    err.message.startsWith('.') || err.message.startsWith('[') || err.message.startsWith(' ') ? '' : ': ';
  return new InvalidRowError(`${where}${sep}${err.message}`);
}
