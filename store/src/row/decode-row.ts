/** Builds a {@link Row} from its stored parts: the store's fetch path and the WAL overlay's. */
import { CorruptError } from '../errors.js';
import { decodeContextInto } from './context.js';
import { decodeExtrasInto } from './extras.js';
import { SPAN_ID_BYTES, TRACE_ID_BYTES } from './limits.js';
import { ProtoError, ProtoReader, copyBytes, toUint64 } from './pb.js';
import type { Row, RowBatch } from './types.js';

const TWO_POW_32 = 4294967296;

/**
 * The stored parts of one row, as the engine reads them from its columns. The engine may fill one
 * object and reuse it for every fetch: {@link decodeRow} copies what it keeps.
 */
export interface RowParts {
  /** At least 16 bytes; the first 16 are the trace id. */
  traceId: Uint8Array;
  /** At least 8 bytes; the first 8 are the span id. */
  spanId: Uint8Array;
  /** At least 8 bytes; the first 8 are the parent span id, all zero for a root span. */
  parentSpanId: Uint8Array;
  /** Start time in Unix nanoseconds: low and high 32-bit words. */
  startLo: number;
  startHi: number;
  /** Duration in nanoseconds (end - start): low and high 32-bit words. */
  durationLo: number;
  durationHi: number;
  flags: number;
  kind: number;
  statusCode: number;
  service: string;
  name: string;
  /** The row's encoded extras, the whole array. */
  extras: Uint8Array;
  /** The row's encoded context, the whole array. */
  context: Uint8Array;
}

const reader = new ProtoReader(new Uint8Array(0));

/**
 * The row whose stored parts are `parts`.
 *
 * @throws CorruptError when the extras or the context are malformed.
 */
export function decodeRow(parts: RowParts): Row {
  const endLoSum = parts.startLo + parts.durationLo;
  const carry = endLoSum >= TWO_POW_32 ? 1 : 0;
  const row: Row = {
    traceId: copyBytes(parts.traceId, 0, TRACE_ID_BYTES),
    spanId: copyBytes(parts.spanId, 0, SPAN_ID_BYTES),
    parentSpanId: isZeroId(parts.parentSpanId) ? null : copyBytes(parts.parentSpanId, 0, SPAN_ID_BYTES),
    traceState: '',
    flags: parts.flags,
    service: parts.service,
    name: parts.name,
    kind: parts.kind,
    startTimeUnixNano: toUint64(parts.startLo, parts.startHi),
    endTimeUnixNano: toUint64(
      endLoSum - carry * TWO_POW_32,
      (parts.startHi + parts.durationHi + carry) >>> 0,
    ),
    statusCode: parts.statusCode,
    statusMessage: '',
    attributes: {},
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    resource: {},
    droppedResourceAttributesCount: 0,
    scopeName: '',
    scopeVersion: '',
    scopeAttributes: {},
    droppedScopeAttributesCount: 0,
  };
  try {
    reader.reset(parts.extras);
    decodeExtrasInto(row, reader);
  } catch (err) {
    throw corrupt(err, 'extras');
  }
  try {
    reader.reset(parts.context);
    decodeContextInto(row, reader);
  } catch (err) {
    throw corrupt(err, 'context');
  }
  return row;
}

/** Row `i` of a batch (tests, and readers of WAL records). */
export function batchRow(batch: RowBatch, i: number): Row {
  const startLo = batch.starts[2 * i]!;
  const startHi = batch.starts[2 * i + 1]!;
  const endLo = batch.ends[2 * i]!;
  const endHi = batch.ends[2 * i + 1]!;
  const borrow = endLo < startLo ? 1 : 0;
  return decodeRow({
    traceId: batch.traceIds.subarray(i * TRACE_ID_BYTES, (i + 1) * TRACE_ID_BYTES),
    spanId: batch.spanIds.subarray(i * SPAN_ID_BYTES, (i + 1) * SPAN_ID_BYTES),
    parentSpanId: batch.parentSpanIds.subarray(i * SPAN_ID_BYTES, (i + 1) * SPAN_ID_BYTES),
    startLo,
    startHi,
    durationLo: (endLo - startLo + borrow * TWO_POW_32) >>> 0,
    durationHi: (endHi - startHi - borrow) >>> 0,
    flags: batch.flags[i]!,
    kind: batch.kinds[i]!,
    statusCode: batch.statusCodes[i]!,
    service: batch.strings[batch.services[i]!]!,
    name: batch.strings[batch.names[i]!]!,
    extras: batch.extras.subarray(i === 0 ? 0 : batch.extrasEnd[i - 1]!, batch.extrasEnd[i]),
    context: batch.contexts[batch.contextIds[i]!]!,
  });
}

function isZeroId(id: Uint8Array): boolean {
  for (let k = 0; k < SPAN_ID_BYTES; k++) if (id[k] !== 0) return false;
  return true;
}

function corrupt(err: unknown, what: string): unknown {
  return err instanceof ProtoError ? new CorruptError(`malformed row ${what}: ${err.message}`) : err;
}
