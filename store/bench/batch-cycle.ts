/**
 * Endless appends from a fixed set of generated batches. Generating realistic spans costs about
 * 8 us each, more than appending them, so millions of rows reuse a few batches: every reuse moves
 * a batch past the whole set's time range, renumbers its trace ids and jitters its durations by
 * under a microsecond, so the store sees time advance, new traces and distinct durations, as it
 * would in production.
 */
import type { RowBatch } from '../src/index.js';

const TWO_32 = 4294967296;
/** Gap between two passes over the batches, so that passes never overlap in time. */
const PASS_GAP_NS = 1_000_000;
/** Durations of a reused row grow by a pseudo-random 0 to this many ns (a power of two). */
const JITTER_NS = 1024;
const JITTER_SHIFT = 32 - Math.log2(JITTER_NS);

/**
 * Hands out batches to `lanes` concurrent appenders. Lane `k` owns batches k, k + lanes, ...: a
 * batch is changed for reuse only by its own lane, after that lane's previous append resolved,
 * so no batch is changed while the store may still read it.
 */
export class BatchCycle {
  private readonly passes: Uint32Array;
  private readonly cursor: Uint32Array;
  /** The generated duration of every row, per batch (ns). */
  private readonly durations: Float64Array[];
  private readonly shiftNs: number;

  constructor(
    private readonly batches: readonly RowBatch[],
    private readonly lanes: number,
  ) {
    if (batches.length < lanes)
      throw new RangeError(`${lanes} lanes need at least as many batches, got ${batches.length}`);
    this.passes = new Uint32Array(batches.length);
    this.cursor = new Uint32Array(lanes);
    this.durations = batches.map(durationsOf);
    this.shiftNs = timeRangeNs(batches) + PASS_GAP_NS;
  }

  /** The next batch of `lane`; call again only once the append of the previous one resolved. */
  next(lane: number): RowBatch {
    const owned = Math.ceil((this.batches.length - lane) / this.lanes);
    const index = lane + this.lanes * (this.cursor[lane]! % owned);
    this.cursor[lane] = this.cursor[lane]! + 1;
    const batch = this.batches[index]!;
    const pass = this.passes[index]!;
    if (pass > 0) reuse(batch, this.durations[index]!, this.shiftNs, pass);
    this.passes[index] = pass + 1;
    return batch;
  }
}

/** Readies `batch` for pass number `pass`: later times, new trace ids, jittered durations. */
function reuse(batch: RowBatch, durations: Float64Array, shiftNs: number, pass: number): void {
  const { starts, ends } = batch;
  for (let i = 0; i < batch.length; i++) {
    addTo(starts, i, starts, shiftNs);
    addTo(ends, i, starts, durations[i]! + (Math.imul(i ^ (pass << 20), 0x9e3779b1) >>> JITTER_SHIFT));
  }
  // The first four bytes of a trace id count passes: ids stay distinct and never all zero.
  const ids = new DataView(batch.traceIds.buffer, batch.traceIds.byteOffset, batch.traceIds.byteLength);
  for (let o = 0; o < batch.traceIds.length; o += 16)
    ids.setUint32(o, (ids.getUint32(o, true) + 1) >>> 0, true);
}

/** out[i] = from[i] + ns, on [lo, hi] word pairs, for ns a safe integer. */
function addTo(out: Uint32Array, i: number, from: Uint32Array, ns: number): void {
  const hi = Math.floor(ns / TWO_32);
  const sum = from[2 * i]! + (ns - hi * TWO_32);
  const carry = sum >= TWO_32 ? 1 : 0;
  out[2 * i] = sum - carry * TWO_32;
  out[2 * i + 1] = from[2 * i + 1]! + hi + carry;
}

function durationsOf(batch: RowBatch): Float64Array {
  const out = new Float64Array(batch.length);
  for (let i = 0; i < batch.length; i++) {
    out[i] =
      (batch.ends[2 * i + 1]! - batch.starts[2 * i + 1]!) * TWO_32 +
      (batch.ends[2 * i]! - batch.starts[2 * i]!);
  }
  return out;
}

/** Nanoseconds from the earliest start to the latest end over all `batches` (to within 1 us). */
function timeRangeNs(batches: readonly RowBatch[]): number {
  let min = Infinity;
  let max = -Infinity;
  for (const b of batches) {
    for (let i = 0; i < b.length; i++) {
      min = Math.min(min, b.starts[2 * i + 1]! * TWO_32 + b.starts[2 * i]!);
      max = Math.max(max, b.ends[2 * i + 1]! * TWO_32 + b.ends[2 * i]!);
    }
  }
  return Math.ceil(max - min);
}
