/**
 * Stored spans as a Jaeger trace (the query service's JSON model): spans with references, tags
 * and logs, and one process per distinct resource. OTLP fields Jaeger has no place for become
 * tags, as Jaeger's OTLP translator names them (`span.kind`, `otel.status_code`,
 * `otel.status_description`, `error`, `otel.scope.name`, `otel.scope.version`, `w3c.tracestate`).
 */
import type { Row } from '@laptime/store';
import { hex } from '../api/span-json.js';
import { groupRows } from '../otlp-out/group-rows.js';
import { jaegerTag, jaegerTags, type JaegerTag } from './jaeger-tags.js';

const KIND_NAMES = ['', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUS_NAMES = ['', 'OK', 'ERROR'];
const SERVICE_NAME = 'service.name';

export interface JaegerTrace {
  traceID: string;
  spans: object[];
  processes: Record<string, { serviceName: string; tags: JaegerTag[] }>;
  warnings: null;
}

/** The Jaeger trace of `rows` (all of one trace, in start order). */
export function jaegerTrace(rows: readonly Row[]): JaegerTrace {
  const processes: JaegerTrace['processes'] = {};
  const processOf = new Map<Row, string>();
  groupRows(rows).forEach((group, k) => {
    const id = `p${k + 1}`;
    const resource = group.first.resource;
    processes[id] = {
      serviceName: group.first.service,
      tags: jaegerTags(resource).filter((t) => t.key !== SERVICE_NAME),
    };
    for (const scope of group.scopes) for (const row of scope.rows) processOf.set(row, id);
  });
  return {
    traceID: hex(rows[0]!.traceId),
    spans: rows.map((row) => jaegerSpan(row, processOf.get(row)!)),
    processes,
    warnings: null,
  };
}

function micros(ns: bigint): number {
  return Number(ns / 1000n);
}

function jaegerSpan(row: Row, processID: string): object {
  const traceID = hex(row.traceId);
  const references = [
    ...(row.parentSpanId === null ? [] : [{ refType: 'CHILD_OF', traceID, spanID: hex(row.parentSpanId) }]),
    ...row.links.map((l) => ({ refType: 'FOLLOWS_FROM', traceID: hex(l.traceId), spanID: hex(l.spanId) })),
  ];
  return {
    traceID,
    spanID: hex(row.spanId),
    operationName: row.name,
    references,
    startTime: micros(row.startTimeUnixNano),
    duration: micros(row.endTimeUnixNano - row.startTimeUnixNano),
    tags: [...jaegerTags(row.attributes), ...otelTags(row)],
    logs: row.events.map((e) => ({
      timestamp: micros(e.timeUnixNano),
      fields: [jaegerTag('event', e.name), ...jaegerTags(e.attributes)],
    })),
    processID,
    warnings: null,
    flags: row.flags & 0xff,
  };
}

function otelTags(row: Row): JaegerTag[] {
  const tags: JaegerTag[] = [];
  if (KIND_NAMES[row.kind]) tags.push(jaegerTag('span.kind', KIND_NAMES[row.kind]!));
  if (STATUS_NAMES[row.statusCode]) tags.push(jaegerTag('otel.status_code', STATUS_NAMES[row.statusCode]!));
  if (row.statusMessage !== '') tags.push(jaegerTag('otel.status_description', row.statusMessage));
  if (row.statusCode === 2) tags.push(jaegerTag('error', true));
  if (row.scopeName !== '') tags.push(jaegerTag('otel.scope.name', row.scopeName));
  if (row.scopeVersion !== '') tags.push(jaegerTag('otel.scope.version', row.scopeVersion));
  if (row.traceState !== '') tags.push(jaegerTag('w3c.tracestate', row.traceState));
  return tags;
}
