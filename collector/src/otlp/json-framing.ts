/**
 * The framing of an OTLP/JSON request: the request object, its ResourceSpans and their
 * ScopeSpans, walked with a {@link JsonReader}. Fields other than the ones read are skipped
 * unbuilt. A resource, a scope and a span are each built alone, under
 * {@link MAX_JSON_VALUES_PER_MESSAGE}. The walk is a generator that yields after every item of a
 * framing list, so that its driver may give the event loop a turn.
 */
import { InvalidRowError, ProtoWriter, appendRow, type RowBatchBuilder } from '@laptime/store';
import { contextOf, resourceOf, type JsonContext, type JsonResource } from './json-context.js';
import { JsonValueLimitError, type JsonReader } from './json-reader.js';
import { spanRowOf } from './json-span.js';
import type { DecodeTally } from './decode-result.js';
import { OtlpDecodeError } from './otlp-decode-error.js';

/**
 * JSON values a span, a resource or a scope may hold (each object, array, string, number and
 * literal counts one). Far above what a store row can hold once encoded; it bounds the memory one
 * message takes while it is built.
 */
export const MAX_JSON_VALUES_PER_MESSAGE = 1 << 18;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;

/** Where a walk writes: the batch, the tally and a scratch writer for encoding rows. */
interface Sink {
  readonly builder: RowBatchBuilder;
  readonly tally: DecodeTally;
  readonly scratch: ProtoWriter;
}

/** A resource or context, or why every span under it is rejected. */
type Outcome<T> = T | string;

/** One step of a walk: it yields when the event loop may have a turn, and returns `T`. */
type Steps<T = void> = Generator<void, T>;

/**
 * Walks a whole request (then only whitespace may follow), appending its spans to `builder`
 * and counting them in `tally`.
 *
 * @throws OtlpDecodeError on a syntax error, a framing value of the wrong type or a repeated
 *   framing field.
 */
export function* requestSteps(reader: JsonReader, builder: RowBatchBuilder, tally: DecodeTally): Steps {
  const sink: Sink = { builder, tally, scratch: new ProtoWriter() };
  expectObject(reader, 'the request');
  const once = new FieldOnce('the request');
  for (
    let first = true, key = reader.nextKey(first);
    key !== null;
    first = false, key = reader.nextKey(first)
  ) {
    if (key === 'resourceSpans' && once.take(key))
      yield* framingList(reader, 'the request', key, () => resourceSpansSteps(reader, sink));
    else yield* reader.skip();
  }
  reader.expectEnd();
}

function resourceSpansSteps(reader: JsonReader, sink: Sink): Steps {
  return headedObject(
    reader,
    { what: 'a ResourceSpans', owner: 'ResourceSpans', head: ['resource', 'schemaUrl'], list: 'scopeSpans' },
    (field) => attempt(() => resourceOf(field('resource'), field('schemaUrl'))),
    (resource) => scopeSpansList(reader, sink, resource),
  );
}

function scopeSpansList(reader: JsonReader, sink: Sink, resource: Outcome<JsonResource>): Steps {
  return framingList(reader, 'ResourceSpans', 'scopeSpans', () => scopeSpansSteps(reader, sink, resource));
}

function scopeSpansSteps(reader: JsonReader, sink: Sink, resource: Outcome<JsonResource>): Steps {
  return headedObject(
    reader,
    { what: 'a ScopeSpans', owner: 'ScopeSpans', head: ['scope', 'schemaUrl'], list: 'spans' },
    // A rejected resource rejects its scopes and spans with its own reason.
    (field) =>
      typeof resource === 'string'
        ? resource
        : attempt(() => contextOf(resource, field('scope'), field('schemaUrl'))),
    (context) => spanList(reader, sink, context),
  );
}

/** The fields of a ResourceSpans or ScopeSpans that the walk reads. */
interface HeadedFields {
  /** The object, for error messages ("a ScopeSpans"). */
  what: string;
  /** Its type's name, in paths of error messages. */
  owner: string;
  /** The fields its list needs first (resource or scope, and the schema URL). */
  head: readonly string[];
  /** The list (scopeSpans, spans). */
  list: string;
}

/** A value as read: the value, or why it was too large to build (then skipped). */
type BoundedRead = { value: unknown } | { tooLarge: string };

/**
 * Walks a ResourceSpans or ScopeSpans object: its head fields are read, then its list walked
 * with what `headOf` makes of them (a field not given reads as undefined). Fields may come in any
 * order: a list that comes before every head field was seen is walked once the object has been
 * read. Other fields are skipped.
 */
function* headedObject<H>(
  reader: JsonReader,
  fields: HeadedFields,
  headOf: (field: (name: string) => unknown) => Outcome<H>,
  walkList: (head: Outcome<H>) => Steps,
): Steps {
  expectObject(reader, fields.what);
  const once = new FieldOnce(fields.owner);
  const values = new Map<string, BoundedRead>();
  const head = (): Outcome<H> => {
    for (const [name, read] of values) if ('tooLarge' in read) return `${name} ${read.tooLarge}`;
    return headOf((name) => {
      const read = values.get(name);
      return read !== undefined && 'value' in read ? read.value : undefined;
    });
  };
  let listAt = -1;
  for (
    let first = true, key = reader.nextKey(first);
    key !== null;
    first = false, key = reader.nextKey(first)
  ) {
    if (fields.head.includes(key) && once.take(key)) values.set(key, yield* readBounded(reader));
    else if (key === fields.list && once.take(key) && values.size === fields.head.length)
      yield* walkList(head());
    else {
      if (key === fields.list) listAt = reader.pos;
      yield* reader.skip();
    }
  }
  if (listAt < 0) return;
  const end = reader.pos;
  reader.pos = listAt;
  yield* walkList(head());
  reader.pos = end;
}

function spanList(reader: JsonReader, sink: Sink, context: Outcome<JsonContext>): Steps {
  return framingList(reader, 'ScopeSpans', 'spans', () => spanSteps(reader, sink, context));
}

/** Appends the next span's row, or counts why it is rejected. */
function* spanSteps(reader: JsonReader, sink: Sink, context: Outcome<JsonContext>): Steps {
  const { tally } = sink;
  let problem: string | null;
  if (typeof context === 'string') {
    yield* reader.skip();
    problem = context;
  } else {
    const span = yield* readBounded(reader);
    problem = 'tooLarge' in span ? `the span ${span.tooLarge}` : appendSpan(sink, span.value, context);
  }
  if (problem === null) tally.accepted++;
  else tally.reject(tally.seen, problem);
}

/** The list at the reader, each item walked by `item`: null is empty, anything but an array breaks the request. */
function* framingList(reader: JsonReader, ownerName: string, field: string, item: () => Steps): Steps {
  if (reader.takeNull()) return;
  if (reader.peek() !== OPEN_BRACKET)
    throw new OtlpDecodeError(`${ownerName}.${field} must be an array, not ${reader.nextType()}`);
  reader.beginArray();
  for (let first = true; reader.nextItem(first); first = false) {
    yield* item();
    yield;
  }
}

function expectObject(reader: JsonReader, what: string): void {
  if (reader.peek() === -1) throw reader.syntaxError('expected a value');
  if (reader.peek() !== OPEN_BRACE)
    throw new OtlpDecodeError(`${what} must be a JSON object, not ${reader.nextType()}`);
  reader.beginObject();
}

/** Fields of a framing object seen so far: proto3 JSON refuses a field given twice. */
class FieldOnce {
  private readonly seen = new Set<string>();

  constructor(private readonly owner: string) {}

  /** True the first time `field` comes; throws the second time. */
  take(field: string): true {
    if (this.seen.has(field)) throw new OtlpDecodeError(`${this.owner}.${field} is given twice`);
    this.seen.add(field);
    return true;
  }
}

/** The value at the reader built, or, when it is too large to build, why (the value then skipped). */
function* readBounded(reader: JsonReader): Steps<BoundedRead> {
  reader.peek();
  const start = reader.pos;
  try {
    return {
      value: reader.readValue({ limit: MAX_JSON_VALUES_PER_MESSAGE, left: MAX_JSON_VALUES_PER_MESSAGE }),
    };
  } catch (err) {
    if (!(err instanceof JsonValueLimitError)) throw err;
    reader.pos = start;
    yield* reader.skip();
    return { tooLarge: err.message };
  }
}

/** Appends the row of `span`; returns why it is rejected, or null. */
function appendSpan(sink: Sink, span: unknown, context: JsonContext): string | null {
  try {
    appendRow(sink.builder, spanRowOf(span, context), sink.scratch);
    return null;
  } catch (err) {
    if (err instanceof InvalidRowError) return err.message;
    throw err;
  }
}

/** Runs `f`; an InvalidRowError becomes its message (why the spans it concerns are rejected). */
function attempt<T extends object>(f: () => T): Outcome<T> {
  try {
    return f();
  } catch (err) {
    if (err instanceof InvalidRowError) return err.message;
    throw err;
  }
}
