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
