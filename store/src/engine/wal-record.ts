import { CorruptError } from '../errors.js';
import { decodeBatch, encodeBatch } from '../row/batch-codec.js';
import type { RowBatch } from '../row/types.js';

/** Record type of a group of appended batches. */
const RECORD_APPEND = 1;

/** Batches of one group commit, each with its first global row index. */
export interface AppendGroup {
  batches: { first: number; batch: RowBatch }[];
}

/**
 * The payload of one WAL record: every batch of a group commit, so a group is durable (or cut)
 * as a whole. `[u8 type][u32 batch count]` then per batch `[u32 length][batch encoding]`.
 */
export function encodeAppendRecord(group: AppendGroup): Uint8Array {
  const parts = group.batches.map((b) => encodeBatch(b.batch, b.first));
  let size = 5;
  for (const p of parts) size += 4 + p.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out[0] = RECORD_APPEND;
  view.setUint32(1, parts.length, true);
  let o = 5;
  for (const p of parts) {
    view.setUint32(o, p.length, true);
    out.set(p, o + 4);
    o += 4 + p.length;
  }
  return out;
}

export function decodeAppendRecord(payload: Uint8Array, where: string): AppendGroup {
  if (payload.length < 5 || payload[0] !== RECORD_APPEND)
    throw new CorruptError(`${where}: unknown WAL record type`);
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const count = view.getUint32(1, true);
  const batches: AppendGroup['batches'] = [];
  let o = 5;
  for (let i = 0; i < count; i++) {
    if (o + 4 > payload.length) throw new CorruptError(`${where}: truncated WAL record`);
    const len = view.getUint32(o, true);
    if (o + 4 + len > payload.length) throw new CorruptError(`${where}: truncated WAL record`);
    const { firstIndex, batch } = decodeBatch(payload.subarray(o + 4, o + 4 + len));
    batches.push({ first: firstIndex, batch });
    o += 4 + len;
  }
  return { batches };
}
