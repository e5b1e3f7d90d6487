/**
 * Structural walkers of the encoded extras and context: they accept exactly what the decoders
 * read (wire types, bounds, UTF-8, nesting depth, link id sizes) without building anything, so
 * bytes that pass can always be decoded.
 */
import { isUtf8 } from 'node:buffer';
import { AnyValueField, KeyValueField } from './any-value.js';
import { ContextField, ResourceField, ScopeField } from './context.js';
import { EventField, ExtrasField, LinkField, STATUS_MESSAGE } from './extras.js';
import { MAX_ANY_VALUE_DEPTH, SPAN_ID_BYTES, TRACE_ID_BYTES } from './limits.js';
import { ProtoError, ProtoReader, WireType, expectWireType } from './pb.js';

/** The repeated field of `ArrayValue` and of `KeyValueList`. */
const LIST_ITEMS = 1;
/** Strings up to this many bytes are checked by a hand loop when ASCII; longer ones by isUtf8 (SIMD). */
const ASCII_LOOP_BYTES = 64;

const r = new ProtoReader(new Uint8Array(0));

/** Checks encoded extras `buf[start, end)`: null when valid, else a short reason. Never throws. */
export function checkExtras(buf: Uint8Array, start: number, end: number): string | null {
  return walk(buf, start, end, walkExtras);
}

/** Checks an encoded context `buf[start, end)`: null when valid, else a short reason. Never throws. */
export function checkContext(buf: Uint8Array, start: number, end: number): string | null {
  return walk(buf, start, end, walkContext);
}

/** Runs a walker over `buf[start, end)`, turning a ProtoError into its reason. */
function walk(buf: Uint8Array, start: number, end: number, walker: () => void): string | null {
  try {
    if (!(buf instanceof Uint8Array) || !Number.isInteger(start) || !Number.isInteger(end))
      return 'not a byte range';
    r.reset(buf, start, end);
    walker();
    return null;
  } catch (err) {
    if (err instanceof ProtoError) return err.message;
    throw err;
  }
}

function walkExtras(): void {
  while (r.pos < r.end) {
    const t = r.tag();
    switch (t >>> 3) {
      case ExtrasField.TraceState:
        walkString(t);
        break;
      case ExtrasField.Attribute:
        walkKeyValue(t, 1);
        break;
      case ExtrasField.Event:
        walkMessage(t, walkEvent);
        break;
      case ExtrasField.Link:
        walkMessage(t, walkLink);
        break;
      case ExtrasField.Status:
        walkMessage(t, walkStatus);
        break;
      case ExtrasField.DroppedAttributes:
      case ExtrasField.DroppedEvents:
      case ExtrasField.DroppedLinks:
        expectWireType(t, WireType.Varint);
        r.skip(WireType.Varint);
        break;
      default:
        r.skip(t & 7);
    }
  }
}

function walkEvent(): void {
  while (r.pos < r.end) {
    const t = r.tag();
    switch (t >>> 3) {
      case EventField.Time:
        expectWireType(t, WireType.Fixed64);
        r.skip(WireType.Fixed64);
        break;
      case EventField.Name:
        walkString(t);
        break;
      case EventField.Attribute:
        walkKeyValue(t, 1);
        break;
      case EventField.DroppedAttributes:
        expectWireType(t, WireType.Varint);
        r.skip(WireType.Varint);
        break;
      default:
        r.skip(t & 7);
    }
  }
}

function walkLink(): void {
  let traceId = false;
  let spanId = false;
  while (r.pos < r.end) {
    const t = r.tag();
    switch (t >>> 3) {
      case LinkField.TraceId:
        walkId(t, TRACE_ID_BYTES, 'link trace id');
        traceId = true;
        break;
      case LinkField.SpanId:
        walkId(t, SPAN_ID_BYTES, 'link span id');
        spanId = true;
        break;
      case LinkField.TraceState:
        walkString(t);
        break;
      case LinkField.Attribute:
        walkKeyValue(t, 1);
        break;
      case LinkField.DroppedAttributes:
        expectWireType(t, WireType.Varint);
        r.skip(WireType.Varint);
        break;
      case LinkField.Flags:
        expectWireType(t, WireType.Fixed32);
        r.skip(WireType.Fixed32);
        break;
      default:
        r.skip(t & 7);
    }
  }
  if (!traceId || !spanId) throw new ProtoError('link without a trace id or a span id');
}

function walkStatus(): void {
  while (r.pos < r.end) {
    const t = r.tag();
    if (t >>> 3 === STATUS_MESSAGE) walkString(t);
    else r.skip(t & 7);
  }
}

function walkContext(): void {
  while (r.pos < r.end) {
    const t = r.tag();
    switch (t >>> 3) {
      case ContextField.Resource:
        walkMessage(t, walkResource);
        break;
      case ContextField.Scope:
        walkMessage(t, walkScope);
        break;
      case ContextField.ResourceSchemaUrl:
      case ContextField.ScopeSchemaUrl:
        walkString(t);
        break;
      default:
        r.skip(t & 7);
    }
  }
}

function walkResource(): void {
  while (r.pos < r.end) {
    const t = r.tag();
    switch (t >>> 3) {
      case ResourceField.Attribute:
        walkKeyValue(t, 1);
        break;
      case ResourceField.DroppedAttributes:
        expectWireType(t, WireType.Varint);
        r.skip(WireType.Varint);
        break;
      default:
        r.skip(t & 7);
    }
  }
}

function walkScope(): void {
  while (r.pos < r.end) {
    const t = r.tag();
    switch (t >>> 3) {
      case ScopeField.Name:
      case ScopeField.Version:
        walkString(t);
        break;
      case ScopeField.Attribute:
        walkKeyValue(t, 1);
        break;
      case ScopeField.DroppedAttributes:
        expectWireType(t, WireType.Varint);
        r.skip(WireType.Varint);
        break;
      default:
        r.skip(t & 7);
    }
  }
}

/** A `KeyValue` field (key `t`) whose value is at `depth`. */
function walkKeyValue(t: number, depth: number): void {
  expectWireType(t, WireType.Len);
  const outer = r.enter();
  while (r.pos < r.end) {
    const ft = r.tag();
    switch (ft >>> 3) {
      case KeyValueField.Key:
        walkString(ft);
        break;
      case KeyValueField.Value:
        expectWireType(ft, WireType.Len);
        walkAnyValue(depth);
        break;
      default:
        r.skip(ft & 7);
    }
  }
  r.leave(outer);
}

/** An `AnyValue` whose length prefix is next, at `depth`. */
function walkAnyValue(depth: number): void {
  const outer = r.enter();
  while (r.pos < r.end) {
    const t = r.tag();
    switch (t >>> 3) {
      case AnyValueField.String:
        walkString(t);
        break;
      case AnyValueField.Bool:
      case AnyValueField.Int:
        expectWireType(t, WireType.Varint);
        r.skip(WireType.Varint);
        break;
      case AnyValueField.Double:
        expectWireType(t, WireType.Fixed64);
        r.skip(WireType.Fixed64);
        break;
      case AnyValueField.Array:
      case AnyValueField.KvList:
        expectWireType(t, WireType.Len);
        walkList(t >>> 3 === AnyValueField.KvList, depth);
        break;
      case AnyValueField.Bytes:
        expectWireType(t, WireType.Len);
        r.skip(WireType.Len);
        break;
      default:
        r.skip(t & 7);
    }
  }
  r.leave(outer);
}

/** An `ArrayValue` or `KeyValueList` (length prefix next) of a value at `depth`. */
function walkList(keyed: boolean, depth: number): void {
  const outer = r.enter();
  while (r.pos < r.end) {
    const t = r.tag();
    if (t >>> 3 !== LIST_ITEMS) {
      r.skip(t & 7);
      continue;
    }
    expectWireType(t, WireType.Len);
    if (depth >= MAX_ANY_VALUE_DEPTH) throw new ProtoError(`values nest deeper than ${MAX_ANY_VALUE_DEPTH}`);
    if (keyed) walkKeyValue(t, depth + 1);
    else walkAnyValue(depth + 1);
  }
  r.leave(outer);
}

function walkMessage(t: number, walker: () => void): void {
  expectWireType(t, WireType.Len);
  const outer = r.enter();
  walker();
  r.leave(outer);
}

function walkId(t: number, bytes: number, what: string): void {
  expectWireType(t, WireType.Len);
  const end = r.lenEnd();
  if (end - r.pos !== bytes) throw new ProtoError(`${what} is not ${bytes} bytes`);
  r.pos = end;
}

/** A string field (key `t`): in bounds and valid UTF-8. */
function walkString(t: number): void {
  expectWireType(t, WireType.Len);
  const end = r.lenEnd();
  const buf = r.buf;
  let p = r.pos;
  if (end - p <= ASCII_LOOP_BYTES) while (p < end && buf[p]! < 0x80) p++;
  if (p < end && !isUtf8(buf.subarray(p, end))) throw new ProtoError('invalid UTF-8');
  r.pos = end;
}
