import { InvalidArgumentError } from '../errors.js';

/** What `Store.scan` visits. Times are unix ms; a window is [from, to). */
export interface ScanFilter {
  name?: string;
  service?: string;
  /** 16 bytes. */
  traceId?: Uint8Array;
  from?: number;
  to?: number;
  /** Minimum duration in ms (inclusive). */
  minDuration?: number;
  status?: 'unset' | 'ok' | 'error';
  /** `asc` (default) or `desc` by row index. */
  order?: 'asc' | 'desc';
  /** Start after this row index (exclusive), in the scan's order: a paging cursor. */
  after?: number;
}

/** A filter in the form the scan loop tests cheaply. */
export interface CompiledFilter {
  /** Series ids to keep (null = all). */
  series: Uint8Array | null;
  traceId: Uint8Array | null;
  fromNs: bigint | null;
  toNs: bigint | null;
  minDurationNs: number;
  status: number;
  desc: boolean;
  after: number | null;
}

const STATUS: Record<string, number> = { unset: 0, ok: 1, error: 2 };

function finiteMs(v: number | undefined, option: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new InvalidArgumentError(`${option}: must be a finite number of ms, got ${String(v)}`);
  return v;
}

/** Milliseconds (possibly fractional) to exact nanoseconds. */
export function msToNs(ms: number): bigint {
  const whole = Math.floor(ms);
  return BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6));
}

/**
 * Checks a filter and turns it into the scan's form. `seriesIds` lists the series that match its
 * name/service (undefined when neither is given).
 */
export function compileFilter(
  f: ScanFilter,
  seriesIds: number[] | undefined,
  seriesCapacity: number,
): CompiledFilter {
  const from = finiteMs(f.from, 'from');
  const to = finiteMs(f.to, 'to');
  const minDuration = finiteMs(f.minDuration, 'minDuration') ?? 0;
  if (f.traceId !== undefined && (!(f.traceId instanceof Uint8Array) || f.traceId.length !== 16)) {
    throw new InvalidArgumentError('traceId: must be 16 bytes');
  }
  if (f.status !== undefined && STATUS[f.status] === undefined) {
    throw new InvalidArgumentError(`status: must be unset, ok or error, got '${String(f.status)}'`);
  }
  if (f.order !== undefined && f.order !== 'asc' && f.order !== 'desc') {
    throw new InvalidArgumentError(`order: must be asc or desc, got '${String(f.order)}'`);
  }
  if (f.after !== undefined && (!Number.isSafeInteger(f.after) || f.after < -1)) {
    throw new InvalidArgumentError(`after: must be a row index, got ${String(f.after)}`);
  }
  let series: Uint8Array | null = null;
  if (seriesIds !== undefined) {
    series = new Uint8Array(Math.max(seriesCapacity, 1));
    for (const id of seriesIds) series[id] = 1;
  }
  return {
    series,
    traceId: f.traceId ?? null,
    fromNs: from === undefined ? null : msToNs(from),
    toNs: to === undefined ? null : msToNs(to),
    minDurationNs: minDuration * 1e6,
    status: f.status === undefined ? -1 : STATUS[f.status]!,
    desc: f.order === 'desc',
    after: f.after ?? null,
  };
}
