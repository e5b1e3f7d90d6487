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
