/**
 * Why a span decoded from protobuf cannot become a row (null: it can). The fixed fields are
 * checked here; the copied extras and the context by the store's own walkers, so that whatever
 * the decoder accepts, the store's append accepts too.
 */
import {
  MAX_CONTEXT_BYTES,
  MAX_EXTRAS_BYTES,
  MAX_NAME_BYTES,
  MAX_SERVICE_BYTES,
  MAX_SPAN_KIND,
  MAX_STATUS_CODE,
  SPAN_ID_BYTES,
  checkContext,
  checkExtras,
  durationProblem,
  futureProblem,
  TOO_LONG_DURATION,
  type FutureLimit,
  type ProtoWriter,
} from '@laptime/store';

/** An id of `got` bytes at `ids[at]` that must have `want` bytes, not all zero. */
export function idProblem(
  ids: Uint8Array,
  at: number,
  got: number,
  want: number,
  what: string,
): string | null {
  if (got === 0) return `${what} is missing`;
  if (got !== want) return `${what} has ${got} bytes, expected ${want}`;
  let any = 0;
  for (let k = 0; k < want; k++) any |= ids[at + k]!;
  return any === 0 ? `${what} is all zero` : null;
}

/** A parent span id of `got` bytes: none (a root) or a full id. */
export function parentProblem(got: number): string | null {
  return got === 0 || got === SPAN_ID_BYTES
    ? null
    : `parent_span_id has ${got} bytes, expected 0 or ${SPAN_ID_BYTES}`;
}

/** An OTLP SpanKind. */
export function kindProblem(kind: number): string | null {
  return kind <= MAX_SPAN_KIND ? null : `kind ${kind} is not a SpanKind (0-${MAX_SPAN_KIND})`;
}

/** An OTLP status code; -1 stands for a Status message that could not be read. */
export function statusProblem(code: number): string | null {
  if (code < 0) return 'status is malformed';
  return code <= MAX_STATUS_CODE ? null : `status code ${code} is not a StatusCode (0-${MAX_STATUS_CODE})`;
}

/** Why a name of `bytes` bytes was refused: its size, else its encoding. */
export function nameProblem(bytes: number): string {
  return bytes > MAX_NAME_BYTES ? `name takes more than ${MAX_NAME_BYTES} bytes` : 'name is not valid UTF-8';
}

/** The store's checks of the copied extras: structure, UTF-8, link ids, nesting, size. */
export function extrasProblem(buf: Uint8Array, start: number, end: number): string | null {
  if (end - start > MAX_EXTRAS_BYTES)
    return `attributes, events and links take more than ${MAX_EXTRAS_BYTES} bytes`;
  const reason = checkExtras(buf, start, end);
  return reason === null ? null : `invalid span data: ${reason}`;
}

/** Why no span of a scope can be kept: its resource or scope (or service name) is invalid. */
export function contextProblem(w: ProtoWriter, service: string): string | null {
  if (w.pos > MAX_CONTEXT_BYTES) return `resource and scope take more than ${MAX_CONTEXT_BYTES} bytes`;
  const reason = checkContext(w.buf, 0, w.pos);
  if (reason !== null) return `invalid resource or scope: ${reason}`;
  if (service.length * 3 > MAX_SERVICE_BYTES && Buffer.byteLength(service) > MAX_SERVICE_BYTES)
    return `service.name takes more than ${MAX_SERVICE_BYTES} bytes`;
  return null;
}

/**
 * End before start, a duration of 2^53 ns or more (a missing start time), or a start further
 * ahead than `limit` allows (the store's `maxFuture`), in OTLP's words.
 */
export function timeProblem(
  starts: Uint32Array,
  ends: Uint32Array,
  row: number,
  limit: FutureLimit | null,
): string | null {
  const problem = durationProblem(starts, ends, row);
  if (problem === 'endBeforeStart') return 'end_time_unix_nano is before start_time_unix_nano';
  if (problem === 'tooLong') return TOO_LONG_DURATION;
  return futureProblem(starts, row, limit);
}
