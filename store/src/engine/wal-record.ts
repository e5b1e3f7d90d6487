import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { CorruptError } from '../errors.js';
import { decodeBatch, encodeBatch } from '../row/batch-codec.js';
import type { RowBatch } from '../row/types.js';

/** Record type of a group of appended batches. */
const RECORD_APPEND = 1;
/**
 * The same, deflated: `[u8 type][u32 inflated length][u32 first row lo][u32 first row hi]
 * [u32 rows][raw deflate stream of an APPEND record]`. The rows it holds can be read without
 * inflating it (readers skip what they do not need).
 */
const RECORD_APPEND_DEFLATED = 2;
const DEFLATED_HEADER_BYTES = 17;
/** Fastest deflate level: compression is for disks slower than the CPU (`walCompression`). */
const DEFLATE_LEVEL = 1;
/** Largest inflated record accepted on recovery (matches the WAL's record limit). */
const MAX_INFLATED_BYTES = 1024 * 1024 * 1024;

const deflateRaw = promisify(zlib.deflateRaw);

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

/**
 * Deflates an append record on the libuv thread pool, so compression runs beside the main
 * thread: realistic spans shrink about 5x, and the WAL's fsync'd bytes are what bounds ingest.
 */
export async function deflateAppendRecord(
  record: Uint8Array,
  first: number,
  rows: number,
): Promise<Uint8Array> {
  const packed = await deflateRaw(record, { level: DEFLATE_LEVEL });
  const out = new Uint8Array(DEFLATED_HEADER_BYTES + packed.length);
  const view = new DataView(out.buffer);
  out[0] = RECORD_APPEND_DEFLATED;
  view.setUint32(1, record.length, true);
  view.setUint32(5, first % 2 ** 32, true);
  view.setUint32(9, Math.floor(first / 2 ** 32), true);
  view.setUint32(13, rows, true);
  out.set(packed, DEFLATED_HEADER_BYTES);
  return out;
}

/** The rows [first, first + rows) a record holds, read from its header alone when deflated. */
export function recordRows(payload: Uint8Array, where: string): { first: number; rows: number } {
  if (payload.length >= DEFLATED_HEADER_BYTES && payload[0] === RECORD_APPEND_DEFLATED) {
    const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
    return {
      first: view.getUint32(5, true) + view.getUint32(9, true) * 2 ** 32,
      rows: view.getUint32(13, true),
    };
  }
  const { batches } = decodeAppendRecord(payload, where);
  const rows = batches.reduce((n, b) => n + b.batch.length, 0);
  return { first: batches[0]?.first ?? 0, rows };
}

function inflateAppendRecord(payload: Uint8Array, where: string): Uint8Array {
  const size = new DataView(payload.buffer, payload.byteOffset, payload.byteLength).getUint32(1, true);
  if (size > MAX_INFLATED_BYTES) throw new CorruptError(`${where}: WAL record claims ${size} bytes`);
  let inflated: Buffer;
  try {
    inflated = zlib.inflateRawSync(payload.subarray(DEFLATED_HEADER_BYTES), { maxOutputLength: size });
  } catch (err) {
    throw new CorruptError(`${where}: WAL record does not inflate: ${(err as Error).message}`);
  }
  if (inflated.length !== size) {
    throw new CorruptError(`${where}: WAL record inflates to ${inflated.length} bytes, not ${size}`);
  }
  // A copy on a fresh, aligned buffer: batch columns are viewed in place.
  return new Uint8Array(inflated);
}

export function decodeAppendRecord(payload: Uint8Array, where: string): AppendGroup {
  if (payload.length >= 5 && payload[0] === RECORD_APPEND_DEFLATED)
    payload = inflateAppendRecord(payload, where);
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

/**
 * The same record with every batch's first row `shift` lower (deflated again if it was): how a
 * salvaged log keeps the rows after a damaged record contiguous.
 */
export async function renumberAppendRecord(
  payload: Uint8Array,
  shift: number,
  where: string,
): Promise<Uint8Array> {
  const { batches } = decodeAppendRecord(payload, where);
  const moved = batches.map((b) => ({ first: b.first - shift, batch: b.batch }));
  const record = encodeAppendRecord({ batches: moved });
  if (payload[0] !== RECORD_APPEND_DEFLATED) return record;
  const rows = moved.reduce((n, b) => n + b.batch.length, 0);
  return deflateAppendRecord(record, moved[0]?.first ?? 0, rows);
}
