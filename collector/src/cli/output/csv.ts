/** Spans as CSV rows (RFC 4180: fields with a comma, quote or line break are quoted). */
import type { SpanJson } from '../../api/span-json.js';

export const CSV_HEADER = [
  'index',
  'traceId',
  'spanId',
  'parentSpanId',
  'service',
  'name',
  'kind',
  'startTimeUnixNano',
  'endTimeUnixNano',
  'durationMs',
  'status',
  'statusMessage',
  'attributes',
].join(',');

/** One span as a CSV line (without the line break); attributes as their JSON. */
export function csvLine(s: SpanJson): string {
  return [
    String(s.index),
    s.traceId,
    s.spanId,
    s.parentSpanId ?? '',
    field(s.service),
    field(s.name),
    s.kind,
    s.startTimeUnixNano,
    s.endTimeUnixNano,
    String(s.duration),
    s.status.code,
    field(s.status.message),
    field(JSON.stringify(s.attributes)),
  ].join(',');
}

function field(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
