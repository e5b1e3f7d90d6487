import { PAGE_HEADER_BYTES } from '../page/header.js';
import { COLUMNS, Column } from './columns.js';
import type { CompiledFilter } from './filter.js';
import type { Segment } from './segment.js';

const TWO_32 = 4294967296;

function u32(p: Uint8Array, o: number): number {
  return (p[o]! | (p[o + 1]! << 8) | (p[o + 2]! << 16) | (p[o + 3]! << 24)) >>> 0;
}

/** u64 at o compared with (hi, lo): -1, 0, 1. */
function cmpU64(p: Uint8Array, o: number, hi: number, lo: number): number {
  const vhi = u32(p, o + 4);
  if (vhi !== hi) return vhi < hi ? -1 : 1;
  const vlo = u32(p, o);
  return vlo === lo ? 0 : vlo < lo ? -1 : 1;
}

function words(v: bigint): [number, number] {
  return [Number((v >> 32n) & 0xffffffffn), Number(v & 0xffffffffn)];
}

/** The rows a chunk matched, as slots within the segment; reused across chunks. */
export interface Matches {
  slots: Int32Array;
  /** Durations in ns (when asked for). */
  durations: Float64Array;
  /** Status codes (when asked for). */
  statuses: Uint8Array;
  /** Start times, unix ms (when asked for). */
  startsMs: Float64Array;
  /** Series ids (when the filter names series). */
  series: Uint32Array;
  count: number;
}

export function newMatches(capacity: number): Matches {
  return {
    slots: new Int32Array(capacity),
    durations: new Float64Array(capacity),
    statuses: new Uint8Array(capacity),
    startsMs: new Float64Array(capacity),
    series: new Uint32Array(capacity),
    count: 0,
  };
}

/** Which columns a filter (and a consumer) needs. */
interface Needs {
  series: boolean;
  start: boolean;
  duration: boolean;
  kindStatus: boolean;
  traceId: boolean;
}

function needsOf(f: CompiledFilter, wantValues: boolean): Needs {
  return {
    series: f.series !== null,
    start: f.fromNs !== null || f.toNs !== null || wantValues,
    duration: f.minDurationNs > 0 || wantValues,
    kindStatus: f.status >= 0 || wantValues,
    traceId: f.traceId !== null,
  };
}

/**
 * Visits the chunks of a segment's slots [fromSlot, toSlot) that can match, in the filter's
 * order, and calls `onChunk(matches)` with the slots that do. Pages are pinned only while a chunk
 * is tested, never while `onChunk` runs. `onChunk` returns false to stop; so does this.
 */
export function scanSegment(
  seg: Segment,
  f: CompiledFilter,
  fromSlot: number,
  toSlot: number,
  wantValues: boolean,
  m: Matches,
  onChunk: (m: Matches) => boolean,
): boolean {
  if (fromSlot >= toSlot) return true;
  const needs = needsOf(f, wantValues);
  let chunk = Number.MAX_SAFE_INTEGER;
  const cols: number[] = [];
  if (needs.series) cols.push(Column.Series);
  if (needs.start) cols.push(Column.Start);
  if (needs.duration) cols.push(Column.Duration);
  if (needs.kindStatus) cols.push(Column.KindStatus);
  if (needs.traceId) cols.push(Column.TraceId);
  for (const c of cols) chunk = Math.min(chunk, seg.rowsPerPage[c]!);
  if (cols.length === 0) chunk = 4096;
  if (m.slots.length < chunk) Object.assign(m, newMatches(chunk));
  const [fromHi, fromLo] = f.fromNs === null ? [0, 0] : words(f.fromNs);
  const [toHi, toLo] = f.toNs === null ? [0, 0] : words(f.toNs);
  const firstChunk = Math.floor(fromSlot / chunk);
  const lastChunk = Math.floor((toSlot - 1) / chunk);
  for (
    let k = f.desc ? lastChunk : firstChunk;
    f.desc ? k >= firstChunk : k <= lastChunk;
    k += f.desc ? -1 : 1
  ) {
    const a = Math.max(fromSlot, k * chunk);
    const b = Math.min(toSlot, (k + 1) * chunk);
    m.count = 0;
    if (needs.start || needs.duration) {
      // Zone map of the start page that holds the chunk (its rows are a superset of the chunk's).
      const h = seg.pageHeader(Column.Start, Math.floor(a / seg.rowsPerPage[Column.Start]!));
      if (f.fromNs !== null && h.maxStart < f.fromNs) continue;
      if (f.toNs !== null && h.minStart >= f.toNs) continue;
      if (f.minDurationNs > 0 && Number(h.maxDuration) < f.minDurationNs) continue;
    }
    matchChunk(seg, f, needs, a, b, fromHi, fromLo, toHi, toLo, m);
    if (m.count === 0) continue;
    if (f.desc) reverse(m);
    if (!onChunk(m)) return false;
  }
  return true;
}

function reverse(m: Matches): void {
  for (let i = 0, j = m.count - 1; i < j; i++, j--) {
    let t = m.slots[i]!;
    m.slots[i] = m.slots[j]!;
    m.slots[j] = t;
    t = m.durations[i]!;
    m.durations[i] = m.durations[j]!;
    m.durations[j] = t;
    t = m.statuses[i]!;
    m.statuses[i] = m.statuses[j]!;
    m.statuses[j] = t;
    t = m.startsMs[i]!;
    m.startsMs[i] = m.startsMs[j]!;
    m.startsMs[j] = t;
    t = m.series[i]!;
    m.series[i] = m.series[j]!;
    m.series[j] = t;
  }
}

/** One page of each needed column, pinned for the duration of a chunk test. */
function matchChunk(
  seg: Segment,
  f: CompiledFilter,
  needs: Needs,
  a: number,
  b: number,
  fromHi: number,
  fromLo: number,
  toHi: number,
  toLo: number,
  m: Matches,
): void {
  const pages: (Uint8Array | null)[] = [null, null, null, null, null, null, null, null, null, null];
  const bases: number[] = new Array<number>(10).fill(0);
  const release: (() => void)[] = [];
  try {
    const want = [
      [Column.Series, needs.series],
      [Column.Start, needs.start],
      [Column.Duration, needs.duration],
      [Column.KindStatus, needs.kindStatus],
      [Column.TraceId, needs.traceId],
    ] as const;
    for (const [c, on] of want) {
      if (!on) continue;
      const rpp = seg.rowsPerPage[c]!;
      const pageNo = Math.floor(a / rpp);
      const pin = seg.pinPage(c, pageNo);
      release.push(pin.release);
      pages[c] = pin.page;
      bases[c] = PAGE_HEADER_BYTES + (0 - pageNo * rpp) * COLUMNS[c]!.width;
    }
    const series = f.series;
    const sp = pages[Column.Series] ?? null;
    const st = pages[Column.Start] ?? null;
    const du = pages[Column.Duration] ?? null;
    const ks = pages[Column.KindStatus] ?? null;
    const tr = pages[Column.TraceId] ?? null;
    const tid = f.traceId;
    let n = 0;
    for (let s = a; s < b; s++) {
      let sid = 0;
      if (series !== null) {
        sid = u32(sp!, bases[Column.Series]! + s * 4);
        if (series[sid] !== 1) continue;
      }
      if (tid !== null) {
        const o = bases[Column.TraceId]! + s * 16;
        let same = true;
        for (let j = 0; j < 16; j++) {
          if (tr![o + j] !== tid[j]) {
            same = false;
            break;
          }
        }
        if (!same) continue;
      }
      let startMs = 0;
      if (st !== null) {
        const o = bases[Column.Start]! + s * 8;
        if (f.fromNs !== null && cmpU64(st, o, fromHi, fromLo) < 0) continue;
        if (f.toNs !== null && cmpU64(st, o, toHi, toLo) >= 0) continue;
        startMs = (u32(st, o + 4) * TWO_32 + u32(st, o)) / 1e6;
      }
      let dur = 0;
      if (du !== null) {
        const o = bases[Column.Duration]! + s * 8;
        dur = u32(du, o + 4) * TWO_32 + u32(du, o);
        if (dur < f.minDurationNs) continue;
      }
      let status = 0;
      if (ks !== null) {
        status = (ks[bases[Column.KindStatus]! + s]! >> 4) & 0x03;
        if (f.status >= 0 && status !== f.status) continue;
      }
      m.slots[n] = s;
      m.durations[n] = dur;
      m.statuses[n] = status;
      m.startsMs[n] = startMs;
      m.series[n] = sid;
      n++;
    }
    m.count = n;
  } finally {
    for (const r of release) r();
  }
}
