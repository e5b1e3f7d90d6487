/**
 * A row's extras (store/DESIGN.md, "Encoded extras"): everything of a span that is neither a
 * column nor part of its context, in protobuf wire format with OTLP `Span`'s field numbers.
 */
import { attributesField, decodeKeyValueField } from './any-value.js';
import { countField, stringField } from './fields.js';
import { SPAN_ID_BYTES, TRACE_ID_BYTES } from './limits.js';
import { WireType, expectWireType, type ProtoReader, type ProtoWriter } from './pb.js';
import {
  checkArray,
  checkId,
  checkObject,
  checkString,
  checkU32,
  checkU64,
  prefixed,
} from './value-checks.js';
import type { AnyValue, Row, SpanEvent, SpanLink } from './types.js';

/** Field numbers of OTLP `Span` kept in the extras. */
export const ExtrasField = {
  TraceState: 3,
  Attribute: 9,
  DroppedAttributes: 10,
  Event: 11,
  DroppedEvents: 12,
  Link: 13,
  DroppedLinks: 14,
  Status: 15,
} as const;

/** Field numbers of OTLP `Span.Event`. */
export const EventField = { Time: 1, Name: 2, Attribute: 3, DroppedAttributes: 4 } as const;
/** Field numbers of OTLP `Span.Link`. */
export const LinkField = {
  TraceId: 1,
  SpanId: 2,
  TraceState: 3,
  Attribute: 4,
  DroppedAttributes: 5,
  Flags: 6,
} as const;
/** Field number of OTLP `Status.message` (the code has a column of its own). */
export const STATUS_MESSAGE = 2;

/** The parts of a {@link Row} that its extras hold. */
export type RowExtras = Pick<
  Row,
  | 'traceState'
  | 'attributes'
  | 'droppedAttributesCount'
  | 'events'
  | 'droppedEventsCount'
  | 'links'
  | 'droppedLinksCount'
  | 'statusMessage'
>;

/**
 * Appends the extras of `row` to `w`. Empty and zero fields are left out, as proto3 does.
 *
 * @throws InvalidRowError naming the field when a value has the wrong type or range.
 */
export function encodeExtras(w: ProtoWriter, row: RowExtras): void {
  stringField(w, ExtrasField.TraceState, checkString(row.traceState, 'traceState'));
  attributesField(w, ExtrasField.Attribute, row.attributes, 'attributes');
  countField(w, ExtrasField.DroppedAttributes, row.droppedAttributesCount, 'droppedAttributesCount');
  const events = checkArray(row.events, 'events');
  for (let k = 0; k < events.length; k++) {
    // Paths in messages are built only on error: a row holds many events and links.
    try {
      encodeEvent(w, events[k] as SpanEvent);
    } catch (err) {
      throw prefixed(err, `events[${k}]`);
    }
  }
  countField(w, ExtrasField.DroppedEvents, row.droppedEventsCount, 'droppedEventsCount');
  const links = checkArray(row.links, 'links');
  for (let k = 0; k < links.length; k++) {
    try {
      encodeLink(w, links[k] as SpanLink);
    } catch (err) {
      throw prefixed(err, `links[${k}]`);
    }
  }
  countField(w, ExtrasField.DroppedLinks, row.droppedLinksCount, 'droppedLinksCount');
  const message = checkString(row.statusMessage, 'statusMessage');
  if (message !== '') {
    w.tag(ExtrasField.Status, WireType.Len);
    const mark = w.fork();
    stringField(w, STATUS_MESSAGE, message);
    w.join(mark);
  }
}

function encodeEvent(w: ProtoWriter, e: SpanEvent): void {
  checkObject(e, '');
  const time = checkU64(e.timeUnixNano, '.timeUnixNano');
  w.tag(ExtrasField.Event, WireType.Len);
  const mark = w.fork();
  if (time !== 0n) {
    w.tag(EventField.Time, WireType.Fixed64);
    w.fixed64Big(time);
  }
  stringField(w, EventField.Name, checkString(e.name, '.name'));
  attributesField(w, EventField.Attribute, e.attributes, '.attributes');
  countField(w, EventField.DroppedAttributes, e.droppedAttributesCount, '.droppedAttributesCount');
  w.join(mark);
}

function encodeLink(w: ProtoWriter, l: SpanLink): void {
  checkObject(l, '');
  const traceId = checkId(l.traceId, TRACE_ID_BYTES, '.traceId');
  const spanId = checkId(l.spanId, SPAN_ID_BYTES, '.spanId');
  w.tag(ExtrasField.Link, WireType.Len);
  const mark = w.fork();
  w.tag(LinkField.TraceId, WireType.Len);
  w.bytes(traceId);
  w.tag(LinkField.SpanId, WireType.Len);
  w.bytes(spanId);
  stringField(w, LinkField.TraceState, checkString(l.traceState, '.traceState'));
  attributesField(w, LinkField.Attribute, l.attributes, '.attributes');
  countField(w, LinkField.DroppedAttributes, l.droppedAttributesCount, '.droppedAttributesCount');
  const flags = checkU32(l.flags, '.flags');
  if (flags !== 0) {
    w.tag(LinkField.Flags, WireType.Fixed32);
    w.fixed32(flags);
  }
  w.join(mark);
}

/**
 * Reads the extras in the reader's range into `into`, whose fields must hold their defaults
 * ('' / 0 / empty): repeated fields are appended to, and of a scalar given twice the last wins.
 *
 * @throws ProtoError when the bytes are malformed.
 */
export function decodeExtrasInto(into: RowExtras, r: ProtoReader): void {
  const attributes = into.attributes as Record<string, AnyValue>;
  while (r.pos < r.end) {
    const t = r.tag();
    switch (t >>> 3) {
      case ExtrasField.TraceState:
        expectWireType(t, WireType.Len);
        into.traceState = r.string();
        break;
      case ExtrasField.Attribute:
        decodeKeyValueField(r, t, attributes);
        break;
      case ExtrasField.DroppedAttributes:
        expectWireType(t, WireType.Varint);
        into.droppedAttributesCount = r.uint32();
        break;
      case ExtrasField.Event:
        into.events.push(decodeEvent(r, t));
        break;
      case ExtrasField.DroppedEvents:
        expectWireType(t, WireType.Varint);
        into.droppedEventsCount = r.uint32();
        break;
      case ExtrasField.Link:
        into.links.push(decodeLink(r, t));
        break;
      case ExtrasField.DroppedLinks:
        expectWireType(t, WireType.Varint);
        into.droppedLinksCount = r.uint32();
        break;
      case ExtrasField.Status:
        into.statusMessage = decodeStatusMessage(r, t, into.statusMessage);
        break;
      default:
        r.skip(t & 7);
    }
  }
}

function decodeEvent(r: ProtoReader, t: number): SpanEvent {
  expectWireType(t, WireType.Len);
  const saved = r.enter();
  const e: SpanEvent = { timeUnixNano: 0n, name: '', attributes: {}, droppedAttributesCount: 0 };
  while (r.pos < r.end) {
    const ft = r.tag();
    switch (ft >>> 3) {
      case EventField.Time:
        expectWireType(ft, WireType.Fixed64);
        e.timeUnixNano = r.fixed64Big();
        break;
      case EventField.Name:
        expectWireType(ft, WireType.Len);
        e.name = r.string();
        break;
      case EventField.Attribute:
        decodeKeyValueField(r, ft, e.attributes);
        break;
      case EventField.DroppedAttributes:
        expectWireType(ft, WireType.Varint);
        e.droppedAttributesCount = r.uint32();
        break;
      default:
        r.skip(ft & 7);
    }
  }
  r.leave(saved);
  return e;
}

function decodeLink(r: ProtoReader, t: number): SpanLink {
  expectWireType(t, WireType.Len);
  const saved = r.enter();
  const l: SpanLink = {
    traceId: new Uint8Array(0),
    spanId: new Uint8Array(0),
    traceState: '',
    attributes: {},
    droppedAttributesCount: 0,
    flags: 0,
  };
  while (r.pos < r.end) {
    const ft = r.tag();
    switch (ft >>> 3) {
      case LinkField.TraceId:
        expectWireType(ft, WireType.Len);
        l.traceId = r.bytes();
        break;
      case LinkField.SpanId:
        expectWireType(ft, WireType.Len);
        l.spanId = r.bytes();
        break;
      case LinkField.TraceState:
        expectWireType(ft, WireType.Len);
        l.traceState = r.string();
        break;
      case LinkField.Attribute:
        decodeKeyValueField(r, ft, l.attributes);
        break;
      case LinkField.DroppedAttributes:
        expectWireType(ft, WireType.Varint);
        l.droppedAttributesCount = r.uint32();
        break;
      case LinkField.Flags:
        expectWireType(ft, WireType.Fixed32);
        l.flags = r.fixed32();
        break;
      default:
        r.skip(ft & 7);
    }
  }
  r.leave(saved);
  return l;
}

/** Reads a `Status` message; returns its message, or `previous` when it has none. */
function decodeStatusMessage(r: ProtoReader, t: number, previous: string): string {
  expectWireType(t, WireType.Len);
  const saved = r.enter();
  let message = previous;
  while (r.pos < r.end) {
    const ft = r.tag();
    if (ft >>> 3 === STATUS_MESSAGE) {
      expectWireType(ft, WireType.Len);
      message = r.string();
    } else {
      r.skip(ft & 7);
    }
  }
  r.leave(saved);
  return message;
}
