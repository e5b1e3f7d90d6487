/** Row objects to a {@link RowBatch}: the way in for callers that hold `Row`s (embedded mode, tests). */
import { InvalidRowError } from '../errors.js';
import { RowBatchBuilder } from './builder.js';
import { encodeContext } from './context.js';
import { encodeExtras } from './extras.js';
import {
  MAX_DURATION_NS,
  MAX_CONTEXT_BYTES,
  MAX_EXTRAS_BYTES,
  MAX_NAME_BYTES,
  MAX_SERVICE_BYTES,
  MAX_SPAN_KIND,
  MAX_STATUS_CODE,
  SPAN_ID_BYTES,
  TOO_LONG_DURATION,
  TRACE_ID_BYTES,
} from './limits.js';
import { ProtoWriter } from './pb.js';
import type { Row, RowBatch } from './types.js';
import {
  checkId,
  checkObject,
  checkString,
  checkU32,
  checkU64,
  describe,
  prefixed,
  show,
} from './value-checks.js';

/** Initial size of the scratch buffer a row's context is encoded into. */
const CONTEXT_SCRATCH_BYTES = 4096;

/**
 * Encodes rows into a batch. Strings are stored as UTF-8, so one holding a lone surrogate is
 * refused; everything else comes back equal through {@link batchRow} and the store's `fetch`.
 *
 * @throws InvalidRowError naming the first invalid row, the field and the reason (also for values
 *   of the wrong type: a Row from untyped code never causes a TypeError).
 */
export function encodeRows(rows: readonly Row[]): RowBatch {
  // Untyped callers may pass anything; narrowing a copy keeps `rows` typed.
  const list: unknown = rows;
  if (!Array.isArray(list)) throw new InvalidRowError(`rows must be an array, not ${describe(list)}`);
  const builder = new RowBatchBuilder(Math.max(1, rows.length));
  const scratch = new ProtoWriter(CONTEXT_SCRATCH_BYTES);
  for (let i = 0; i < rows.length; i++) {
    try {
      appendRow(builder, rows[i]!, scratch);
    } catch (err) {
      throw prefixed(err, `row ${i}`);
    }
  }
  return builder.finish();
}

/**
 * Validates `row` and appends it to `builder`; on error the builder is left as it was.
 * `scratch` is where the row's context is encoded before it is interned.
 *
 * @throws InvalidRowError naming the field and the reason.
 */
export function appendRow(builder: RowBatchBuilder, row: Row, scratch: ProtoWriter): void {
  checkObject(row, 'row');
  const traceId = checkNonZeroId(row.traceId, TRACE_ID_BYTES, 'traceId');
  const spanId = checkNonZeroId(row.spanId, SPAN_ID_BYTES, 'spanId');
  const parent =
    row.parentSpanId === null ? null : checkNonZeroId(row.parentSpanId, SPAN_ID_BYTES, 'parentSpanId');
  const start = checkU64(row.startTimeUnixNano, 'startTimeUnixNano');
  const end = checkU64(row.endTimeUnixNano, 'endTimeUnixNano');
  if (end < start) throw new InvalidRowError(`endTimeUnixNano ${end} is before startTimeUnixNano ${start}`);
  if (end - start >= MAX_DURATION_NS) throw new InvalidRowError(TOO_LONG_DURATION);
  const flags = checkU32(row.flags, 'flags');
  const kind = checkSmallInt(row.kind, MAX_SPAN_KIND, 'kind');
  const statusCode = checkSmallInt(row.statusCode, MAX_STATUS_CODE, 'statusCode');
  const service = checkBoundedString(row.service, MAX_SERVICE_BYTES, 'service');
  const name = checkBoundedString(row.name, MAX_NAME_BYTES, 'name');

  const i = builder.beginRow();
  try {
    builder.traceIds.set(traceId, i * TRACE_ID_BYTES);
    builder.spanIds.set(spanId, i * SPAN_ID_BYTES);
    if (parent !== null) builder.parentSpanIds.set(parent, i * SPAN_ID_BYTES);
    builder.starts[2 * i] = Number(start & 0xffffffffn);
    builder.starts[2 * i + 1] = Number(start >> 32n);
    builder.ends[2 * i] = Number(end & 0xffffffffn);
    builder.ends[2 * i + 1] = Number(end >> 32n);
    builder.flags[i] = flags;
    builder.kinds[i] = kind;
    builder.statusCodes[i] = statusCode;
    builder.services[i] = builder.internString(service);
    builder.names[i] = builder.internString(name);

    const extrasStart = builder.extras.pos;
    encodeExtras(builder.extras, row);
    const extrasBytes = builder.extras.pos - extrasStart;
    if (extrasBytes > MAX_EXTRAS_BYTES)
      throw new InvalidRowError(
        `extras take ${extrasBytes} bytes, more than the limit of ${MAX_EXTRAS_BYTES}`,
      );

    scratch.reset();
    encodeContext(scratch, row);
    if (scratch.pos > MAX_CONTEXT_BYTES)
      throw new InvalidRowError(
        `context takes ${scratch.pos} bytes, more than the limit of ${MAX_CONTEXT_BYTES}`,
      );
    builder.contextIds[i] = builder.internContext(scratch.buf, 0, scratch.pos);
    builder.commitRow();
  } catch (err) {
    builder.abortRow();
    throw err;
  }
}

function checkNonZeroId(v: unknown, bytes: number, where: string): Uint8Array {
  const id = checkId(v, bytes, where);
  for (let k = 0; k < bytes; k++) if (id[k] !== 0) return id;
  const hint = where === 'parentSpanId' ? ' (a root span has a null parentSpanId)' : '';
  throw new InvalidRowError(`${where} is all zero${hint}`);
}

function checkSmallInt(v: unknown, max: number, where: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max)
    throw new InvalidRowError(`${where} must be an integer in [0, ${max}], not ${show(v)}`);
  return v;
}

function checkBoundedString(v: unknown, maxBytes: number, where: string): string {
  const s = checkString(v, where);
  // Three UTF-8 bytes per UTF-16 unit at most: measure only strings that might be too long.
  if (s.length * 3 > maxBytes && Buffer.byteLength(s, 'utf8') > maxBytes)
    throw new InvalidRowError(`${where} takes more than ${maxBytes} UTF-8 bytes`);
  return s;
}
