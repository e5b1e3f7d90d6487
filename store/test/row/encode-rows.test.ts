import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode } from '../../src/errors.js';
import { appendRow, encodeRows } from '../../src/row/encode-rows.js';
import { RowBatchBuilder } from '../../src/row/builder.js';
import { ProtoWriter } from '../../src/row/pb.js';
import { batchRow } from '../../src/row/decode-row.js';
import { MAX_ANY_VALUE_DEPTH, MAX_NAME_BYTES } from '../../src/row/limits.js';
import type { AnyValue, Row } from '../../src/row/types.js';
import { sampleRow } from '../support/arbitraries.js';

/** Asserts that encoding `rows` fails with LT_INVALID_ROW and a message matching `message`. */
function assertInvalid(rows: unknown, message: RegExp): void {
  assert.throws(
    () => encodeRows(rows as Row[]),
    (err: unknown) => {
      assert.equal((err as { code?: unknown }).code, ErrorCode.InvalidRow);
      assert.match((err as Error).message, message);
      return true;
    },
  );
}

/** A sample row with one field replaced, typed loosely as untyped callers would pass it. */
function rowWith(patch: Record<string, unknown>): Row {
  return { ...sampleRow(), ...patch };
}

test('encodeRows names the index of the first invalid row', () => {
  assertInvalid(
    [sampleRow(), sampleRow(), rowWith({ kind: 9 })],
    /^row 2: kind must be an integer in \[0, 5\]/,
  );
});

test('rows shared across batches keep a batch-local string and context table', () => {
  const a = sampleRow();
  const b = { ...sampleRow(), service: 'cart', resource: { 'service.name': 'cart' } };
  const batch = encodeRows([a, b, a]);
  assert.deepEqual(batch.strings, ['checkout', 'GET /api/cart/:id', 'cart']);
  assert.equal(batch.contexts.length, 2);
  assert.deepEqual(Array.from(batch.contextIds), [0, 1, 0]);
});

test('an empty list is an empty batch', () => {
  assert.equal(encodeRows([]).length, 0);
});

test('values of the wrong type are InvalidRowErrors, never TypeErrors', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ traceId: 'abc' }, /traceId must be a Uint8Array of 16 bytes/],
    [{ spanId: new Uint8Array(7) }, /spanId must be a Uint8Array of 8 bytes/],
    [{ parentSpanId: undefined }, /parentSpanId must be a Uint8Array of 8 bytes/],
    [{ startTimeUnixNano: 5 }, /startTimeUnixNano must be a bigint/],
    [{ endTimeUnixNano: 2n ** 64n }, /endTimeUnixNano must be a bigint in \[0, 2\^64\)/],
    [{ flags: -1 }, /flags must be an integer in \[0, 2\^32\), not -1/],
    [{ flags: 1.5 }, /flags must be an integer/],
    [{ statusCode: '2' }, /statusCode must be an integer in \[0, 2\], not string/],
    [{ service: null }, /service must be a string, not null/],
    [{ traceState: 1 }, /traceState must be a string/],
    [{ attributes: null }, /attributes: must be a plain object, not null/],
    [{ attributes: new Map() }, /attributes: must be a plain object, not Map/],
    [{ attributes: { a: undefined } }, /attributes\.a: unsupported value type undefined/],
    [{ attributes: { a: [1, () => 1] } }, /attributes\.a\[1\]: unsupported value type function/],
    [{ attributes: { a: { b: new Date(0) } } }, /attributes\.a\.b: unsupported value type Date/],
    [{ attributes: { a: Symbol('s') } }, /attributes\.a: unsupported value type symbol/],
    [
      { attributes: { big: 2n ** 63n } },
      /attributes\.big: int 9223372036854775808 is outside the int64 range/,
    ],
    [{ events: {} }, /events must be an array, not Object/],
    [{ events: [null] }, /events\[0\] must be an object/],
    [
      { events: [{ timeUnixNano: 1, name: '', attributes: {}, droppedAttributesCount: 0 }] },
      /events\[0\]\.timeUnixNano/,
    ],
    [
      { links: [{ traceId: new Uint8Array(16), spanId: new Uint8Array(4) }] },
      /links\[0\]\.spanId must be a Uint8Array of 8 bytes/,
    ],
    [
      { events: [sampleRow().events[0], { ...sampleRow().events[0], attributes: { x: undefined } }] },
      /events\[1\]\.attributes\.x: unsupported value type undefined/,
    ],
    [
      { links: [{ ...sampleRow().links[0], flags: -2 }] },
      /links\[0\]\.flags must be an integer in \[0, 2\^32\), not -2/,
    ],
    [{ droppedLinksCount: 2 ** 32 }, /droppedLinksCount must be an integer in \[0, 2\^32\)/],
    [{ resource: 'x' }, /resource: must be a plain object, not string/],
    [{ scopeVersion: 3 }, /scopeVersion must be a string/],
  ];
  for (const [patch, message] of cases) assertInvalid([rowWith(patch)], message);
  assertInvalid([null], /^row 0: row must be an object, not null/);
  assertInvalid('rows', /^rows must be an array, not string/);
});

test('ids must not be all zero; a root span has a null parent', () => {
  assertInvalid([rowWith({ traceId: new Uint8Array(16) })], /traceId is all zero/);
  assertInvalid([rowWith({ spanId: new Uint8Array(8) })], /spanId is all zero/);
  assertInvalid(
    [rowWith({ parentSpanId: new Uint8Array(8) })],
    /parentSpanId is all zero \(a root span has a null/,
  );
  assert.equal(batchRow(encodeRows([rowWith({ parentSpanId: null })]), 0).parentSpanId, null);
});

test('a span may not end before it starts, but may take no time', () => {
  assertInvalid(
    [rowWith({ startTimeUnixNano: 10n, endTimeUnixNano: 9n })],
    /endTimeUnixNano 9 is before startTimeUnixNano 10/,
  );
  assert.equal(encodeRows([rowWith({ startTimeUnixNano: 10n, endTimeUnixNano: 10n })]).length, 1);
});

test('a span lasting 2^53 ns or more (a missing start time) is refused; one nanosecond less is kept', () => {
  const end = 1_700_000_000_000_000_000n;
  assertInvalid([rowWith({ startTimeUnixNano: 0n, endTimeUnixNano: end })], /duration is 2\^53 ns/);
  assertInvalid(
    [rowWith({ startTimeUnixNano: end - 2n ** 53n, endTimeUnixNano: end })],
    /the start time is missing or wrong/,
  );
  const longest = rowWith({ startTimeUnixNano: end - 2n ** 53n + 1n, endTimeUnixNano: end });
  assert.equal(batchRow(encodeRows([longest]), 0).startTimeUnixNano, end - 2n ** 53n + 1n);
});

test('names longer than the limit are refused, measured in UTF-8 bytes', () => {
  assert.equal(encodeRows([rowWith({ name: 'é'.repeat(MAX_NAME_BYTES / 2) })]).length, 1);
  assertInvalid(
    [rowWith({ name: 'é'.repeat(MAX_NAME_BYTES / 2 + 1) })],
    /name takes more than 4096 UTF-8 bytes/,
  );
  assertInvalid([rowWith({ service: 'x'.repeat(5000) })], /service takes more than 4096 UTF-8 bytes/);
});

test('values may nest as deep as the limit, not deeper', () => {
  const nest = (depth: number): AnyValue => (depth === 1 ? 'leaf' : [nest(depth - 1)]);
  const row = rowWith({ attributes: { deep: nest(MAX_ANY_VALUE_DEPTH) } });
  assert.deepEqual(batchRow(encodeRows([row]), 0).attributes, row.attributes);
  assertInvalid(
    [rowWith({ attributes: { deep: nest(MAX_ANY_VALUE_DEPTH + 1) } })],
    /values nest deeper than 32/,
  );
});

test('a null inside a map one level too deep is refused like any other value', () => {
  const mapOfNull = (depth: number): AnyValue => (depth === 1 ? { k: null } : [mapOfNull(depth - 1)]);
  const ok = rowWith({ attributes: { deep: mapOfNull(MAX_ANY_VALUE_DEPTH - 1) } });
  assert.deepEqual(batchRow(encodeRows([ok]), 0).attributes, ok.attributes);
  assertInvalid(
    [rowWith({ attributes: { deep: mapOfNull(MAX_ANY_VALUE_DEPTH) } })],
    /values nest deeper than 32/,
  );
});

test('a cycle in attributes is refused by the depth limit', () => {
  const cyclic: Record<string, AnyValue> = {};
  cyclic['self'] = cyclic;
  assertInvalid([rowWith({ attributes: cyclic })], /values nest deeper than 32/);
});

test('appendRow leaves the builder as it was when a row fails half-way', () => {
  const builder = new RowBatchBuilder();
  const scratch = new ProtoWriter();
  appendRow(builder, sampleRow(), scratch);
  const extrasBefore = builder.extras.pos;
  assert.throws(
    () => appendRow(builder, rowWith({ links: [null] }), scratch),
    /links\[0\] must be an object/,
  );
  appendRow(builder, sampleRow(), scratch);
  const batch = builder.finish();
  assert.equal(batch.length, 2);
  assert.equal(batch.extrasEnd[0], extrasBefore);
  assert.deepEqual(batchRow(batch, 1), sampleRow());
});

test('__proto__ keys are kept as ordinary attributes', () => {
  const attributes = JSON.parse('{"__proto__": "x", "constructor": "y"}') as Record<string, AnyValue>;
  const back = batchRow(encodeRows([rowWith({ attributes })]), 0).attributes;
  assert.equal(Object.getPrototypeOf(back), Object.prototype);
  assert.deepEqual(Object.keys(back), ['__proto__', 'constructor']);
  assert.equal(Object.getOwnPropertyDescriptor(back, '__proto__')?.value, 'x');
});
