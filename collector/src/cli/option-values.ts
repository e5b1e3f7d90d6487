/**
 * Parsers of option values for commander: a value that does not parse is a usage error (exit 2)
 * naming the option and the value.
 */
import { InvalidArgumentError } from 'commander';
import { parseTime } from '../api/query-params.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** An integer of at least 1. */
export function positiveInteger(value: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected an integer of at least 1');
  return n;
}

/** A positive number (a rate). */
export function positiveNumber(value: string): number {
  const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!(n > 0)) throw new InvalidArgumentError('expected a positive number');
  return n;
}

/** A duration such as `500ms`, `30s`, `5m`, `1h`, `7d`, in milliseconds. */
export function durationMs(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(value.trim());
  if (m === null || !(Number(m[1]) > 0))
    throw new InvalidArgumentError('expected a duration such as 500ms, 30s, 5m, 1h or 7d');
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

/** A point in time as the HTTP API takes it: unix ms, ISO-8601 or relative (`-5m`). */
export function timeMs(value: string): number {
  try {
    return parseTime(value, 'time', Date.now());
  } catch {
    throw new InvalidArgumentError('expected unix milliseconds, ISO-8601 or a relative time such as -5m');
  }
}

/** The text of an http:// or https:// URL, checked. */
export function httpUrl(value: string): string {
  if (!isHttpUrl(value)) throw new InvalidArgumentError('expected an http:// or https:// URL');
  return value;
}

/** True for a parseable http:// or https:// URL. */
export function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** A minimum duration in milliseconds: a bare number of ms (`250`, `0.5`) or with a unit (`1.5s`). */
export function minDurationMs(value: string): number {
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  try {
    return durationMs(value);
  } catch {
    throw new InvalidArgumentError('expected milliseconds or a duration such as 250ms, 1.5s');
  }
}

/** A trace id: 32 hex digits, lower-cased. */
export function traceIdHex(value: string): string {
  if (!/^[0-9a-fA-F]{32}$/.test(value))
    throw new InvalidArgumentError('expected a trace id of 32 hex digits');
  return value.toLowerCase();
}
