/** Bounds on what one row may hold; a row past any of them is invalid (`LT_INVALID_ROW`). */

/** Bytes of a trace id. */
export const TRACE_ID_BYTES = 16;
/** Bytes of a span id (and of a parent span id). */
export const SPAN_ID_BYTES = 8;
/** Largest span name, in UTF-8 bytes: names are series keys, held in memory for every series. */
export const MAX_NAME_BYTES = 4096;
/** Largest service name, in UTF-8 bytes, for the same reason. */
export const MAX_SERVICE_BYTES = 4096;
/** Largest encoded extras of one row (attributes, events, links, trace state, status message). */
export const MAX_EXTRAS_BYTES = 4 * 1024 * 1024;
/** Largest encoded context (resource and scope). */
export const MAX_CONTEXT_BYTES = 1024 * 1024;
/** Deepest nesting of AnyValues: an attribute's own value is at depth 1, its array items at 2, ... */
export const MAX_ANY_VALUE_DEPTH = 32;
/** Largest span kind (OTLP `SPAN_KIND_CONSUMER`). */
export const MAX_SPAN_KIND = 5;
/** Largest status code (OTLP `STATUS_CODE_ERROR`). */
export const MAX_STATUS_CODE = 2;
/**
 * Longest duration, in whole 2^32 ns units of the duration's high word: 2^53 ns (about 104 days),
 * below which a duration is exact as a double. Longer spans are all but certainly a missing or
 * wrong start time (a start of 0 gives about 56 years), and would skew every aggregate.
 */
export const MAX_DURATION_HIGH_WORD = 0x200000;
/** The same bound in nanoseconds, for rows given as bigints. */
export const MAX_DURATION_NS = BigInt(MAX_DURATION_HIGH_WORD) << 32n;

/**
 * What keeps the span from `starts[row]` to `ends[row]` (64-bit nanoseconds as lo/hi u32 word
 * pairs) out of the store: an end before the start, or a duration of 2^53 ns or more. Null when
 * neither; callers word the problem for their users.
 */
export function durationProblem(
  starts: Uint32Array,
  ends: Uint32Array,
  row: number,
): 'endBeforeStart' | 'tooLong' | null {
  const startLo = starts[2 * row]!;
  const startHi = starts[2 * row + 1]!;
  const endLo = ends[2 * row]!;
  const endHi = ends[2 * row + 1]!;
  if (endHi < startHi || (endHi === startHi && endLo < startLo)) return 'endBeforeStart';
  const durationHi = endHi - startHi - (endLo < startLo ? 1 : 0);
  return durationHi >= MAX_DURATION_HIGH_WORD ? 'tooLong' : null;
}

/** How {@link durationProblem}'s `tooLong` reads in error messages. */
export const TOO_LONG_DURATION =
  'duration is 2^53 ns (about 104 days) or more: the start time is missing or wrong';
