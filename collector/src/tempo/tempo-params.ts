/** Query parameters as Tempo's HTTP API spells them: times in unix seconds, ids of up to 32 hex digits. */
import type { Request } from 'express';
import { invalidParam, stringParam, traceIdOf } from '../api/query-params.js';

/** Digits beyond which a Tempo time is in nanoseconds rather than seconds (Tempo accepts both). */
const SECONDS_DIGITS = 12;

/**
 * Tempo's `start` / `end` window as unix ms: unix seconds, unix nanoseconds or RFC 3339.
 *
 * @throws CollectorError (400) naming the parameter when a value does not parse or end < start.
 */
export function tempoWindow(req: Request): { from?: number; to?: number } {
  const out: { from?: number; to?: number } = {};
  const start = stringParam(req, 'start');
  const end = stringParam(req, 'end');
  if (start !== undefined) out.from = tempoTimeMs(start, 'start');
  if (end !== undefined) out.to = tempoTimeMs(end, 'end');
  if (out.from !== undefined && out.to !== undefined && out.to < out.from)
    throw invalidParam('end', end!, `at or after start (${start})`);
  return out;
}

function tempoTimeMs(value: string, name: string): number {
  const v = value.trim();
  if (/^\d+$/.test(v)) return v.length > SECONDS_DIGITS ? Number(BigInt(v) / 1_000_000n) : Number(v) * 1000;
  if (/^\d+\.\d+$/.test(v)) return Number(v) * 1000;
  if (/^\d{4}-\d{2}-\d{2}T/.test(v) && Number.isFinite(Date.parse(v))) return Date.parse(v);
  throw invalidParam(name, value, 'unix seconds, unix nanoseconds or an RFC 3339 time');
}

/** A trace id as Tempo takes it: up to 32 hex digits, shorter ones padded with zeros on the left. */
export function tempoTraceId(value: string): Uint8Array {
  if (!/^[0-9a-fA-F]{1,32}$/.test(value))
    throw invalidParam('traceID', value, 'a trace id of up to 32 hex digits');
  return traceIdOf(value.padStart(32, '0'), 'traceID');
}
