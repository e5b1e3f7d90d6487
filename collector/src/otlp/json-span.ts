/** One OTLP/JSON `Span` to a store {@link Row}. */
import {
  InvalidRowError,
  SPAN_ID_BYTES,
  TRACE_ID_BYTES,
  type Row,
  type SpanEvent,
  type SpanLink,
} from '@laptime/store';
import { attributesOf, isJsonObject, isSet, listOf, messageOf, within } from './json-any-value.js';
import type { JsonContext } from './json-context.js';
import { hexIdOf, jsonType, stringOf, uint32Of, uint64Of } from './json-scalars.js';

/**
 * The row of span `v` in `context`. Only types are checked here; the store's `appendRow`
 * checks the rest (zero ids, end before start, kind and status ranges, sizes).
 *
 * @throws InvalidRowError naming the field when a value has the wrong type.
 */
export function spanRowOf(v: unknown, context: JsonContext): Row {
  if (!isJsonObject(v)) throw new InvalidRowError(`a span must be an object, not ${jsonType(v)}`);
  const status = messageOf(v.status, 'status');
  return {
    ...context,
    traceId: hexIdOf(v.traceId, TRACE_ID_BYTES, 'traceId'),
    spanId: hexIdOf(v.spanId, SPAN_ID_BYTES, 'spanId'),
    parentSpanId: parentOf(v.parentSpanId),
    traceState: stringOf(v.traceState, 'traceState'),
    flags: uint32Of(v.flags, 'flags'),
    name: stringOf(v.name, 'name'),
    kind: uint32Of(v.kind, 'kind'),
    startTimeUnixNano: uint64Of(v.startTimeUnixNano, 'startTimeUnixNano'),
    endTimeUnixNano: uint64Of(v.endTimeUnixNano, 'endTimeUnixNano'),
    statusCode: uint32Of(status.code, 'status.code'),
    statusMessage: stringOf(status.message, 'status.message'),
    attributes: fieldAttributes(v.attributes, 'attributes'),
    droppedAttributesCount: uint32Of(v.droppedAttributesCount, 'droppedAttributesCount'),
    events: listOf(v.events, 'events').map(eventOf),
    droppedEventsCount: uint32Of(v.droppedEventsCount, 'droppedEventsCount'),
    links: listOf(v.links, 'links').map(linkOf),
    droppedLinksCount: uint32Of(v.droppedLinksCount, 'droppedLinksCount'),
  };
}

/** Absent, empty or all zero: a root span. */
function parentOf(v: unknown): Uint8Array | null {
  if (!isSet(v) || v === '') return null;
  const id = hexIdOf(v, SPAN_ID_BYTES, 'parentSpanId');
  return id.some((b) => b !== 0) ? id : null;
}

function eventOf(v: unknown, k: number): SpanEvent {
  const where = `events[${k}]`;
  const e = messageOf(v, where);
  return {
    timeUnixNano: uint64Of(e.timeUnixNano, `${where}.timeUnixNano`),
    name: stringOf(e.name, `${where}.name`),
    attributes: fieldAttributes(e.attributes, `${where}.attributes`),
    droppedAttributesCount: uint32Of(e.droppedAttributesCount, `${where}.droppedAttributesCount`),
  };
}

function linkOf(v: unknown, k: number): SpanLink {
  const where = `links[${k}]`;
  const l = messageOf(v, where);
  return {
    traceId: hexIdOf(l.traceId, TRACE_ID_BYTES, `${where}.traceId`),
    spanId: hexIdOf(l.spanId, SPAN_ID_BYTES, `${where}.spanId`),
    traceState: stringOf(l.traceState, `${where}.traceState`),
    attributes: fieldAttributes(l.attributes, `${where}.attributes`),
    droppedAttributesCount: uint32Of(l.droppedAttributesCount, `${where}.droppedAttributesCount`),
    flags: uint32Of(l.flags, `${where}.flags`),
  };
}

function fieldAttributes(v: unknown, where: string): Row['attributes'] {
  try {
    return attributesOf(v);
  } catch (err) {
    throw within(err, where);
  }
}
