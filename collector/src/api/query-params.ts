/**
 * Query parameters read strictly: a value that does not parse is a 400 LT_INVALID_ARGUMENT naming
 * the parameter and the value, never silently ignored.
 */
import { ErrorCode } from '@laptime/store';
import type { Request } from 'express';
import { CollectorError } from '../errors.js';

const UNITS_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** A 400 for parameter `name`. */
export function invalidParam(name: string, value: string, expected: string): CollectorError {
  return new CollectorError(ErrorCode.InvalidArgument, `${name}: '${value}' is not ${expected}`);
}

/** A parameter given once, as text; undefined when absent or empty. */
export function stringParam(req: Request, name: string): string | undefined {
  const v: unknown = (req.query as Record<string, unknown>)[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw invalidParam(name, JSON.stringify(v), 'a single value');
  return v;
}

/**
 * A point in time as unix ms: unix milliseconds, ISO-8601, or relative to `now` (`-5m`, `-1h`,
 * `-7d`, also `s` and `w`).
 */
export function parseTime(value: string, name: string, now: number): number {
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  const rel = /^-(\d+(?:\.\d+)?)(s|m|h|d|w)$/.exec(v);
  if (rel) return now - Number(rel[1]) * UNITS_MS[rel[2]!]!;
  // ISO-8601 only: a date first; Date.parse alone accepts many other forms.
  if (/^\d{4}-\d{2}-\d{2}/.test(v)) {
    const ms = Date.parse(v);
    if (Number.isFinite(ms)) return ms;
  }
  throw invalidParam(name, value, 'unix milliseconds, ISO-8601 or a relative time such as -5m, -1h, -7d');
}

/** A window length such as `30s`, `5m`, `1h`, `7d` (also `ms` and `w`), in ms. */
export function parseWindow(value: string, name: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(value.trim());
  const ms = m === null ? NaN : Number(m[1]) * (m[2] === 'ms' ? 1 : UNITS_MS[m[2]!]!);
  if (!(ms > 0) || !Number.isFinite(ms))
    throw invalidParam(name, value, 'a duration such as 30s, 5m, 1h or 7d');
  return ms;
}

/**
 * The window of a request in unix ms: `from` / `to`, or `window` (the last 5m, 1h, ...: from
 * `now` minus it; with `to`, the stretch before `to`).
 */
export function windowParams(req: Request, now: number): { from?: number; to?: number } {
  const out: { from?: number; to?: number } = {};
  const window = stringParam(req, 'window');
  let from = stringParam(req, 'from');
  const to = stringParam(req, 'to');
  if (window !== undefined && from !== undefined)
    throw new CollectorError(ErrorCode.InvalidArgument, `window and from: give one of them, not both`);
  if (to !== undefined) out.to = parseTime(to, 'to', now);
  if (window !== undefined) {
    out.from = (out.to ?? now) - parseWindow(window, 'window');
    from = window;
  } else if (from !== undefined) out.from = parseTime(from, 'from', now);
  if (out.from !== undefined && out.to !== undefined && out.from > out.to)
    throw invalidParam('to', to!, `at or after from (${from})`);
  return out;
}

/** An integer parameter within [min, max]. */
export function integerParam(req: Request, name: string, min: number, max: number): number | undefined {
  const v = stringParam(req, name);
  if (v === undefined) return undefined;
  const n = /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw invalidParam(name, v, `an integer from ${min} to ${max}`);
  return n;
}

/** A non-negative finite number parameter. */
export function numberParam(req: Request, name: string): number | undefined {
  const v = stringParam(req, name);
  if (v === undefined) return undefined;
  const n = /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw invalidParam(name, v, 'a non-negative number');
  return n;
}

/** A parameter restricted to a few words. */
export function enumParam<T extends string>(
  req: Request,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const v = stringParam(req, name);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v))
    throw invalidParam(name, v, `one of ${allowed.join(', ')}`);
  return v as T;
}

/** `true`/`1` or `false`/`0`. */
export function booleanParam(req: Request, name: string): boolean | undefined {
  const v = stringParam(req, name);
  if (v === undefined) return undefined;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw invalidParam(name, v, 'true or false');
}

/** 16 bytes from 32 hex digits. */
export function traceIdOf(value: string, name: string): Uint8Array {
  if (!/^[0-9a-fA-F]{32}$/.test(value)) throw invalidParam(name, value, 'a trace id of 32 hex digits');
  return new Uint8Array(Buffer.from(value, 'hex'));
}
