/**
 * The rules a row of a {@link RowBatch} must follow before it is made durable: ids, times, kind,
 * status, name sizes, table indexes, and extras and context that the walkers accept.
 */
import { InvalidRowError } from '../errors.js';
import {
  durationProblem,
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
import type { RowBatch } from './types.js';
import { isWellFormed, LONE_SURROGATE } from './value-checks.js';
import { checkContext, checkExtras } from './walkers.js';

export { checkContext, checkExtras } from './walkers.js';

/**
 * Checks row `i` of `batch`, context included: null when valid, else a short reason. Never
 * throws for a batch of the declared types, whatever their content. To check a whole batch,
 * {@link validateBatch} is cheaper: it walks each shared context once, not once per row.
 */
export function checkRow(batch: RowBatch, i: number): string | null {
  const reason = checkShape(batch) ?? checkOwnFields(batch, i);
  if (reason !== null) return reason;
  return checkContextEntry(batch, batch.contextIds[i]!);
}

/**
 * Checks every row of `batch`, each distinct context once.
 *
 * @throws InvalidRowError naming the first invalid row and the reason.
 */
export function validateBatch(batch: RowBatch): void {
  const shape = checkShape(batch);
  if (shape !== null) throw new InvalidRowError(`malformed batch: ${shape}`);
  const contextChecked = new Uint8Array(batch.contexts.length);
  for (let i = 0; i < batch.length; i++) {
    let reason = checkOwnFields(batch, i);
    const c = batch.contextIds[i]!;
    if (reason === null && contextChecked[c] === 0) {
      reason = checkContextEntry(batch, c);
      contextChecked[c] = 1;
    }
    if (reason !== null) throw new InvalidRowError(`row ${i}: ${reason}`);
  }
}

/** Array sizes that agree with `length`, so that every per-row read is in bounds. */
function checkShape(b: RowBatch): string | null {
  const n = b.length;
  if (!Number.isSafeInteger(n) || n < 0) return 'length is not a count';
  if (b.traceIds.length !== n * TRACE_ID_BYTES) return 'traceIds has the wrong size';
  if (b.spanIds.length !== n * SPAN_ID_BYTES) return 'spanIds has the wrong size';
  if (b.parentSpanIds.length !== n * SPAN_ID_BYTES) return 'parentSpanIds has the wrong size';
  if (b.starts.length !== 2 * n || b.ends.length !== 2 * n) return 'starts or ends has the wrong size';
  if (b.flags.length !== n || b.kinds.length !== n || b.statusCodes.length !== n)
    return 'flags, kinds or statusCodes has the wrong size';
  if (b.services.length !== n || b.names.length !== n) return 'services or names has the wrong size';
  if (b.contextIds.length !== n || b.extrasEnd.length !== n)
    return 'contextIds or extrasEnd has the wrong size';
  return null;
}

/** Everything of row `i` but its context; the batch's shape is known to be right. */
function checkOwnFields(b: RowBatch, i: number): string | null {
  if (!Number.isInteger(i) || i < 0 || i >= b.length) return `no row ${i} in a batch of ${b.length}`;
  if (isZero(b.traceIds, i * TRACE_ID_BYTES, TRACE_ID_BYTES)) return 'trace id is all zero';
  if (isZero(b.spanIds, i * SPAN_ID_BYTES, SPAN_ID_BYTES)) return 'span id is all zero';
  const time = durationProblem(b.starts, b.ends, i);
  if (time === 'endBeforeStart') return 'end is before start';
  if (time === 'tooLong') return TOO_LONG_DURATION;
  if (b.kinds[i]! > MAX_SPAN_KIND) return `kind ${b.kinds[i]} is not a span kind`;
  if (b.statusCodes[i]! > MAX_STATUS_CODE) return `status code ${b.statusCodes[i]} is not a status code`;
  const service = checkString(b.strings, b.services[i]!, MAX_SERVICE_BYTES, 'service');
  if (service !== null) return service;
  const name = checkString(b.strings, b.names[i]!, MAX_NAME_BYTES, 'name');
  if (name !== null) return name;
  if (b.contextIds[i]! >= b.contexts.length) return `context ${b.contextIds[i]} is not in the batch`;
  const start = i === 0 ? 0 : b.extrasEnd[i - 1]!;
  const end = b.extrasEnd[i]!;
  if (end < start || end > b.extras.length) return 'extras range is out of bounds';
  if (end - start > MAX_EXTRAS_BYTES) return `extras take more than ${MAX_EXTRAS_BYTES} bytes`;
  const extras = checkExtras(b.extras, start, end);
  return extras === null ? null : `extras: ${extras}`;
}

function checkString(strings: readonly string[], id: number, maxBytes: number, what: string): string | null {
  if (id >= strings.length) return `${what} ${id} is not in the string table`;
  const s = strings[id];
  if (typeof s !== 'string') return `${what} is not a string`;
  if (!isWellFormed(s)) return `${what} ${LONE_SURROGATE}`;
  if (s.length * 3 > maxBytes && Buffer.byteLength(s, 'utf8') > maxBytes)
    return `${what} takes more than ${maxBytes} UTF-8 bytes`;
  return null;
}

function checkContextEntry(b: RowBatch, c: number): string | null {
  const context = b.contexts[c];
  if (!(context instanceof Uint8Array)) return `context ${c} is not bytes`;
  if (context.length > MAX_CONTEXT_BYTES) return `context takes more than ${MAX_CONTEXT_BYTES} bytes`;
  const reason = checkContext(context, 0, context.length);
  return reason === null ? null : `context: ${reason}`;
}

function isZero(bytes: Uint8Array, at: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (bytes[at + k] !== 0) return false;
  return true;
}
