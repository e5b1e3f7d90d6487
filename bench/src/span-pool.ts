/**
 * The spans of a run, batch by batch, in the two shapes the systems take them: a columnar
 * `RowBatch` for Laptime (what its OTLP decoder produces) and plain rows with JSON text for the
 * SQL peers (what an application would insert). Generating a realistic span costs more than
 * storing it, so a pool of {@link POOL_SPANS} spans is generated once and reused: pass `p` over
 * the pool moves every span `p` pass shifts later in time, adds `p` to the first word of its
 * trace id and lengthens its duration by a pseudo-random 0 to 1023 ns. Both shapes apply the
 * same changes, so every system stores the same spans.
 */
import type { RowBatch } from '@laptime/store';
import { realisticBatch, realisticRows, splitBatch } from '@laptime/store/testing';
import type { AnyValue, Attributes, Row } from '@laptime/store';
import { BATCH_SPANS, type Workload } from './workload.js';

/** One span as the SQL peers store it. */
export interface PeerRow {
  /** Global index of the span: 0 for the first one appended. */
  index: number;
  traceId: Uint8Array;
  spanId: Uint8Array;
  parentSpanId: Uint8Array | null;
  service: string;
  name: string;
  kind: number;
  startNs: bigint;
  durationNs: number;
  statusCode: number;
  statusMessage: string;
  /** JSON object text. */
  attributes: string;
  /** JSON array text: [{ timeUnixNano, name, attributes }]. */
  events: string;
}

const TWO_32 = 4294967296;
/** Durations of a reused span grow by up to 2^JITTER_BITS - 1 ns. */
const JITTER_BITS = 10;

/** Extra nanoseconds of duration of span `index` in pass `pass` (none in the first pass). */
export function jitterNs(index: number, pass: number): number {
  return pass === 0 ? 0 : Math.imul(index, 0x9e3779b1) >>> (32 - JITTER_BITS);
}

/** Number of batches of a workload. */
export function batchCount(w: Workload): number {
  return Math.ceil(w.spans / BATCH_SPANS);
}

/** Where batch `k` comes from: its pass over the pool and its part of the pool. */
function locate(w: Workload, k: number): { first: number; length: number; pass: number; offset: number } {
  const first = k * BATCH_SPANS;
  const length = Math.min(BATCH_SPANS, w.spans - first);
  return { first, length, pass: Math.floor(first / w.poolSpans), offset: first % w.poolSpans };
}

/** Laptime's batches. */
export class RowBatchSource {
  private readonly parts: RowBatch[];
  private readonly durations: Float64Array;

  constructor(private readonly w: Workload) {
    const pool = realisticBatch(w.poolSpans, { seed: w.seed });
    // The pool is a whole number of batches (see planWorkload): every part is BATCH_SPANS long.
    this.parts = splitBatch(pool, BATCH_SPANS);
    this.durations = new Float64Array(pool.length);
    for (let i = 0; i < pool.length; i++) {
      this.durations[i] =
        (pool.ends[2 * i + 1]! - pool.starts[2 * i + 1]!) * TWO_32 +
        (pool.ends[2 * i]! - pool.starts[2 * i]!);
    }
  }

  /** Batch number `k` (of {@link batchCount}); a new object each call, safe to append. */
  batch(k: number): RowBatch {
    const { first, length, pass, offset } = locate(this.w, k);
    const part = this.parts[offset / BATCH_SPANS]!;
    const starts = new Uint32Array(2 * length);
    const ends = new Uint32Array(2 * length);
    const shift = pass * this.w.passShiftNs;
    for (let i = 0; i < length; i++) {
      addNs(starts, i, part.starts, shift);
      addNs(ends, i, starts, this.durations[offset + i]! + jitterNs(first + i, pass));
    }
    const traceIds = part.traceIds.slice(0, 16 * length);
    const view = new DataView(traceIds.buffer);
    for (let o = 0; o < traceIds.length; o += 16)
      view.setUint32(o, (view.getUint32(o, true) + pass) >>> 0, true);
    return {
      ...part,
      length,
      traceIds,
      spanIds: part.spanIds.subarray(0, 8 * length),
      parentSpanIds: part.parentSpanIds.subarray(0, 8 * length),
      starts,
      ends,
      flags: part.flags.subarray(0, length),
      kinds: part.kinds.subarray(0, length),
      statusCodes: part.statusCodes.subarray(0, length),
      services: part.services.subarray(0, length),
      names: part.names.subarray(0, length),
      contextIds: part.contextIds.subarray(0, length),
      extras: length === part.length ? part.extras : part.extras.subarray(0, part.extrasEnd[length - 1]),
      extrasEnd: part.extrasEnd.subarray(0, length),
    };
  }
}

/** The SQL peers' batches. */
export class PeerRowSource {
  private readonly pool: PeerRow[];

  constructor(private readonly w: Workload) {
    this.pool = realisticRows(w.poolSpans, { seed: w.seed }).map(toPeerRow);
  }

  /** Batch number `k` (of {@link batchCount}). */
  batch(k: number): PeerRow[] {
    const { first, length, pass, offset } = locate(this.w, k);
    const shift = BigInt(pass * this.w.passShiftNs);
    const rows: PeerRow[] = [];
    for (let i = 0; i < length; i++) {
      const base = this.pool[offset + i]!;
      let traceId = base.traceId;
      if (pass > 0) {
        traceId = base.traceId.slice();
        const view = new DataView(traceId.buffer);
        view.setUint32(0, (view.getUint32(0, true) + pass) >>> 0, true);
      }
      rows.push({
        ...base,
        index: first + i,
        traceId,
        startNs: base.startNs + shift,
        durationNs: base.durationNs + jitterNs(first + i, pass),
      });
    }
    return rows;
  }
}

function toPeerRow(r: Row, index: number): PeerRow {
  return {
    index,
    traceId: r.traceId,
    spanId: r.spanId,
    parentSpanId: r.parentSpanId,
    service: r.service,
    name: r.name,
    kind: r.kind,
    startNs: r.startTimeUnixNano,
    durationNs: Number(r.endTimeUnixNano - r.startTimeUnixNano),
    statusCode: r.statusCode,
    statusMessage: r.statusMessage,
    attributes: JSON.stringify(plainAttributes(r.attributes)),
    events: JSON.stringify(
      r.events.map((e) => ({
        timeUnixNano: e.timeUnixNano.toString(),
        name: e.name,
        attributes: plainAttributes(e.attributes),
      })),
    ),
  };
}

/** Attributes as JSON can hold them: 64-bit integers as numbers (the generator's fit in 2^53). */
export function plainAttributes(a: Attributes): Record<string, unknown> {
  return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, plainValue(v)]));
}

function plainValue(v: AnyValue): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(plainValue);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (v !== null && typeof v === 'object') return plainAttributes(v as Attributes);
  return v;
}

/** out[i] = from[i] + ns on [lo, hi] word pairs, for ns a non-negative safe integer. */
function addNs(out: Uint32Array, i: number, from: Uint32Array, ns: number): void {
  const hi = Math.floor(ns / TWO_32);
  const sum = from[2 * i]! + (ns - hi * TWO_32);
  const carry = sum >= TWO_32 ? 1 : 0;
  out[2 * i] = sum - carry * TWO_32;
  out[2 * i + 1] = from[2 * i + 1]! + hi + carry;
}
