/**
 * OTLP/JSON trace requests into a {@link RowBatchBuilder}. The body is read with a pull reader:
 * the request's framing (ResourceSpans, ScopeSpans) is walked, unknown fields are skipped without
 * being built, and each resource, scope and span is built alone under a bound on its size, then
 * becomes a store `Row` that the store itself validates and encodes (`appendRow`), so both
 * transports end in the same bytes. Memory therefore stays near the body's own size whatever its
 * shape, and {@link decodeTraceRequestJsonSliced} gives the event loop back between spans.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { RowBatchBuilder } from '@laptime/store';
import { JsonReader } from './json-reader.js';
import { requestSteps } from './json-framing.js';
import { DecodeTally, type DecodeResult } from './decode-result.js';
import { OtlpDecodeError } from './otlp-decode-error.js';

export { MAX_JSON_VALUES_PER_MESSAGE } from './json-framing.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Longest stretch of decoding between two turns of the event loop in
 * {@link decodeTraceRequestJsonSliced}: other requests and health probes wait at most this long.
 */
export const DECODE_SLICE_MS = 5;
/** Framing steps between two looks at the clock (reading it costs more than a step). */
const STEPS_PER_CLOCK_CHECK = 32;

/**
 * Decodes an OTLP/JSON `ExportTraceServiceRequest` into `builder`, one row per valid span.
 * A span with a value of the wrong JSON type, a bad id, an end before its start, more than
 * {@link MAX_JSON_VALUES_PER_MESSAGE} JSON values or any other invalid field is rejected alone
 * and counted in the result; unknown fields are ignored.
 *
 * Integers may be decimal strings (exact) or JSON numbers (read as doubles, so exact up to 2^53;
 * beyond, the double the number parses to, which is what a JavaScript sender meant).
 *
 * @throws OtlpDecodeError when the body is not UTF-8 or not JSON, when the request's structure
 *   (the request, ResourceSpans and ScopeSpans objects and their lists) has the wrong type, or
 *   when one of their fields appears twice. The builder is then reset: hand each request a
 *   builder of its own.
 */
export function decodeTraceRequestJson(text: string | Uint8Array, builder: RowBatchBuilder): DecodeResult {
  const tally = new DecodeTally();
  try {
    const steps = requestSteps(new JsonReader(stringOf(text)), builder, tally);
    while (step(steps));
  } catch (err) {
    builder.reset();
    throw err;
  }
  return tally.result();
}

/**
 * {@link decodeTraceRequestJson} in slices of {@link DECODE_SLICE_MS}, yielding to the event loop
 * between them, so that a large body never holds up other requests for long.
 */
export async function decodeTraceRequestJsonSliced(
  text: string | Uint8Array,
  builder: RowBatchBuilder,
): Promise<DecodeResult> {
  const tally = new DecodeTally();
  try {
    const steps = requestSteps(new JsonReader(stringOf(text)), builder, tally);
    let sliceEnd = performance.now() + DECODE_SLICE_MS;
    for (let k = 1; step(steps); k++) {
      if (k % STEPS_PER_CLOCK_CHECK !== 0 || performance.now() < sliceEnd) continue;
      await nextTurn();
      sliceEnd = performance.now() + DECODE_SLICE_MS;
    }
  } catch (err) {
    builder.reset();
    throw err;
  }
  return tally.result();
}

/**
 * Runs the next step; false when the walk is done. Errors made meanwhile capture no stack trace:
 * a step turns them into rejection reasons (one per bad span, and a body can hold millions), and
 * capturing a stack costs ten times more than the rest of the error.
 */
function step(steps: Generator<void, void>): boolean {
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return steps.next().done !== true;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

function stringOf(text: string | Uint8Array): string {
  if (typeof text === 'string') return text;
  try {
    return utf8.decode(text);
  } catch (err) {
    throw new OtlpDecodeError('the request body is not valid UTF-8', { cause: err });
  }
}
