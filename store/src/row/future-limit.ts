/**
 * How far in the future a span may start. A span dated years ahead (a clock or unit bug in the
 * sender) would keep its segment from ever expiring and pull the time buckets' window away from
 * the present; spans starting later than the receiver's clock plus a bound are refused instead.
 */

/** Default bound: clock skew and time-zone slips pass, dates years ahead do not. */
export const DEFAULT_MAX_FUTURE_MS = 3 * 3_600_000;

/** The latest start time accepted now, and the bound it came from (for messages). */
export interface FutureLimit {
  /** Unix ms: spans starting after this are refused. */
  readonly latestStartMs: number;
  readonly maxFutureMs: number;
}

/** The limit in force at `nowMs` (unix ms) for a bound of `maxFutureMs`. */
export function futureLimit(nowMs: number, maxFutureMs: number): FutureLimit {
  return { latestStartMs: nowMs + maxFutureMs, maxFutureMs };
}

/**
 * Why the span starting at `starts[row]` (lo/hi u32 words of unix ns) is refused by `limit`, or
 * null when it is not. Shared by every way in (store, protobuf and JSON decoders), so that they
 * word it alike.
 */
export function futureProblem(starts: Uint32Array, row: number, limit: FutureLimit | null): string | null {
  if (limit === null) return null;
  const startMs = (starts[2 * row + 1]! * 4294967296 + starts[2 * row]!) / 1e6;
  return startMs > limit.latestStartMs ? tooFarAhead(startMs, limit) : null;
}

/** The same check of a start given as a bigint of unix ns (rows given as objects). */
export function futureProblemNs(startNs: bigint, limit: FutureLimit | null): string | null {
  if (limit === null) return null;
  const startMs = Number(startNs / 1_000_000n);
  return startMs > limit.latestStartMs ? tooFarAhead(startMs, limit) : null;
}

function tooFarAhead(startMs: number, limit: FutureLimit): string {
  const date = startMs < 8.64e15 ? new Date(startMs).toISOString() : `${startMs} ms`;
  return (
    `start time ${date} is more than ${formatBound(limit.maxFutureMs)} ahead of the receiver's clock ` +
    '(maxFuture): the sender clock or the time unit is wrong'
  );
}

function formatBound(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}
