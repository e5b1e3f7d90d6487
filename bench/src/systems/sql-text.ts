/** SQL shared by the peers: the spans table's columns and the rank arithmetic in SQL. */

/**
 * The columns of the `spans` table, in insert order. Besides these the peers keep nothing of a
 * span; Laptime also keeps flags, trace state, links, resource and scope.
 */
export const SPAN_COLUMNS = [
  'id',
  'trace_id',
  'span_id',
  'parent_span_id',
  'service',
  'name',
  'kind',
  'start_ns',
  'duration_ns',
  'status',
  'status_message',
  'attributes',
  'events',
] as const;

/** Milliseconds of a window bound as the integer nanoseconds the tables hold. */
export function msToNs(ms: number): bigint {
  return BigInt(ms) * 1_000_000n;
}
