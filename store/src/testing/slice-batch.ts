/**
 * Cuts one generated batch into append-sized batches. Each part is standalone, as a decoder would
 * build it: its own copies of the columns and only the strings and contexts its rows use (the
 * batch codec writes the whole tables into every WAL record, so sharing them would inflate the
 * bytes per span a benchmark reports).
 */
import type { RowBatch } from '../row/types.js';

/** `batch` in consecutive parts of `size` rows (the last may be shorter). */
export function splitBatch(batch: RowBatch, size: number): RowBatch[] {
  const parts: RowBatch[] = [];
  for (let from = 0; from < batch.length; from += size) {
    parts.push(sliceBatch(batch, from, Math.min(batch.length, from + size)));
  }
  return parts;
}

/** Rows [from, to) of `batch` as a standalone batch. */
export function sliceBatch(batch: RowBatch, from: number, to: number): RowBatch {
  const n = to - from;
  const strings = new Compactor<string>(batch.strings);
  const contexts = new Compactor<Uint8Array>(batch.contexts);
  const services = new Uint32Array(n);
  const names = new Uint32Array(n);
  const contextIds = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    services[i] = strings.map(batch.services[from + i]!);
    names[i] = strings.map(batch.names[from + i]!);
    contextIds[i] = contexts.map(batch.contextIds[from + i]!);
  }
  const extrasFrom = from === 0 ? 0 : batch.extrasEnd[from - 1]!;
  const extrasEnd = batch.extrasEnd.slice(from, to);
  for (let i = 0; i < n; i++) extrasEnd[i] = extrasEnd[i]! - extrasFrom;
  return {
    length: n,
    traceIds: batch.traceIds.slice(16 * from, 16 * to),
    spanIds: batch.spanIds.slice(8 * from, 8 * to),
    parentSpanIds: batch.parentSpanIds.slice(8 * from, 8 * to),
    starts: batch.starts.slice(2 * from, 2 * to),
    ends: batch.ends.slice(2 * from, 2 * to),
    flags: batch.flags.slice(from, to),
    kinds: batch.kinds.slice(from, to),
    statusCodes: batch.statusCodes.slice(from, to),
    strings: strings.used,
    services,
    names,
    contexts: contexts.used,
    contextIds,
    extras: batch.extras.slice(extrasFrom, batch.extrasEnd[to - 1] ?? extrasFrom),
    extrasEnd,
  };
}

/** Renumbers the entries of a table that a part uses, in order of first use. */
class Compactor<T> {
  readonly used: T[] = [];
  private readonly ids = new Map<number, number>();

  constructor(private readonly table: readonly T[]) {}

  map(id: number): number {
    let mapped = this.ids.get(id);
    if (mapped === undefined) {
      mapped = this.used.length;
      this.used.push(this.table[id]!);
      this.ids.set(id, mapped);
    }
    return mapped;
  }
}
