/** The time axis of a TraceQL metrics query: window, step, and Tempo's duration strings. */
import type { Request } from 'express';
import { parseGoDuration } from '../api/go-duration.js';
import { invalidParam, stringParam } from '../api/query-params.js';
import { tempoWindow } from './tempo-params.js';

/** Window when neither `start`/`end` nor `since` is given: Tempo's default, the last hour. */
export const DEFAULT_METRICS_WINDOW_MS = 3_600_000;
/** Points per series Laptime aims at when `step` is not given. */
export const DEFAULT_POINTS = 100;
/** Most points per series: a bound on the work and the answer's size. */
export const MAX_POINTS = 11_000;
/** Shortest step; the store's time buckets are 10 s wide, finer steps come from scans. */
export const MIN_STEP_MS = 1_000;

export interface TimeAxis {
  /** The window's start as asked; `fromMs` is it aligned down to a multiple of the step. */
  requestedFromMs: number;
  fromMs: number;
  stepMs: number;
  points: number;
}

/**
 * The axis of a metrics request: `start`/`end` (or `since`, else the last hour) cut in `step`s.
 *
 * @throws CollectorError (400) naming the parameter when a value does not parse or gives too many points.
 */
export function timeAxis(req: Request, now: number): TimeAxis {
  const { fromMs, toMs } = metricsWindow(req, now);
  const span = Math.max(toMs - fromMs, MIN_STEP_MS);
  const step = stringParam(req, 'step');
  const stepMs =
    step === undefined
      ? Math.max(MIN_STEP_MS, Math.ceil(span / DEFAULT_POINTS / 1000) * 1000)
      : durationMs(step, 'step');
  if (stepMs < MIN_STEP_MS) throw invalidParam('step', step!, `at least ${MIN_STEP_MS / 1000}s`);
  const points = Math.ceil(span / stepMs);
  if (points > MAX_POINTS)
    throw invalidParam('step', step ?? '', `large enough for at most ${MAX_POINTS} points`);
  return {
    requestedFromMs: fromMs,
    fromMs: Math.floor(fromMs / stepMs) * stepMs,
    stepMs,
    points: points + 1,
  };
}

/** The axis of an instant query: the whole window as one step. */
export function instantAxis(req: Request, now: number): TimeAxis {
  const { fromMs, toMs } = metricsWindow(req, now);
  return { requestedFromMs: fromMs, fromMs, stepMs: Math.max(toMs - fromMs, 1), points: 1 };
}

/** `start`/`end`, or `since` back from now, or the last hour. */
function metricsWindow(req: Request, now: number): { fromMs: number; toMs: number } {
  const window = tempoWindow(req);
  const since = stringParam(req, 'since');
  const toMs = window.to ?? now;
  const fromMs =
    window.from ?? toMs - (since === undefined ? DEFAULT_METRICS_WINDOW_MS : durationMs(since, 'since'));
  return { fromMs, toMs };
}

/** A Go-style duration (`15s`, `1m30s`, `500ms`) or plain seconds, in ms. */
function durationMs(value: string, name: string): number {
  const ns = parseGoDuration(value, 's');
  if (ns === null || !(ns > 0)) throw invalidParam(name, value, 'a duration such as 15s, 1m or 1h30m');
  return ns / 1e6;
}
