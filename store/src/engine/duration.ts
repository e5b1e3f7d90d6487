import type { RowBatch } from '../row/types.js';

const TWO_32 = 4294967296;

/**
 * Duration (end - start) of batch row `i` as two u32 words, written to `out[2j], out[2j+1]`.
 * End >= start is checked before a row is stored, so no borrow leaves the high word.
 */
export function durationWords(batch: RowBatch, i: number, out: Uint32Array, j: number): void {
  let lo = batch.ends[2 * i]! - batch.starts[2 * i]!;
  let hi = batch.ends[2 * i + 1]! - batch.starts[2 * i + 1]!;
  if (lo < 0) {
    lo += TWO_32;
    hi -= 1;
  }
  out[2 * j] = lo;
  out[2 * j + 1] = hi;
}

/** Duration of batch row `i` in ns as a float (exact below 2^53 ns, about 104 days). */
export function durationNs(batch: RowBatch, i: number): number {
  let lo = batch.ends[2 * i]! - batch.starts[2 * i]!;
  let hi = batch.ends[2 * i + 1]! - batch.starts[2 * i + 1]!;
  if (lo < 0) {
    lo += TWO_32;
    hi -= 1;
  }
  return hi * TWO_32 + lo;
}
