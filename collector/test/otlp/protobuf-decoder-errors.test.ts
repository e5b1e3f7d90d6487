import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { RowBatchBuilder } from '@laptime/store';
import { MAX_REPORTED_ERRORS } from '../../src/otlp/decode-result.js';
import { OtlpDecodeError } from '../../src/otlp/otlp-decode-error.js';
import { decodeTraceRequestProto } from '../../src/otlp/protobuf-decoder.js';
import { decodeWith } from './decode-helpers.js';
import { propertySeed, readableSpans, requestSpec } from './span-arbitraries.js';
import {
  SPAN_ID,
  TRACE_ID,
  concat,
  fixed64Field,
  key,
  len,
  request,
  span,
  str,
  stringAttribute,
  varint,
  varintField,
} from './wire.js';

const INVALID_UTF8 = Uint8Array.of(0x61, 0xc3, 0x28);
const isDecodeError = (err: unknown): boolean =>
  err instanceof OtlpDecodeError && err.code === 'LT_OTLP_DECODE';

function otherSpanId(n: number): Uint8Array {
  return Uint8Array.of(0x10, 0, 0, 0, 0, 0, 0, n);
}

/** A request of one good span followed by `bad`; only `bad` must be rejected. */
function rejectsAlone(bad: Uint8Array): { rejected: number; errors: string[] } {
  const { result, rows } = decodeWith(decodeTraceRequestProto, request(span(), bad));
  assert.equal(result.accepted, 1);
  assert.equal(rows.length, 1);
  assert.deepStrictEqual(rows[0]!.spanId, SPAN_ID);
  return { rejected: result.rejected, errors: result.errors };
}

/**
 * An attribute whose value is `depth` nested single-item arrays around a string. Sizes are
 * computed from the inside out and the headers written from the outside in, into one array:
 * wrapping with `len()` level by level would copy the bytes once per level.
 */
function nestedAttribute(depth: number): Uint8Array {
  const varintSize = (v: number): number => (v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : 4);
  const pushVarint = (out: number[], v: number): void => {
    for (; v > 0x7f; v >>>= 7) out.push((v & 0x7f) | 0x80);
    out.push(v);
  };
  const leaf = str(1, 'leaf');
  const valueSizes = [leaf.length];
  const arraySizes = [0];
  for (let k = 1; k < depth; k++) {
    const inner = valueSizes[k - 1]!;
    const array = 1 + varintSize(inner) + inner;
    arraySizes.push(array);
    valueSizes.push(1 + varintSize(array) + array);
  }
  const headers: number[] = [];
  for (let k = depth - 1; k >= 1; k--) {
    headers.push(0x2a); // AnyValue.array_value, len
    pushVarint(headers, arraySizes[k]!);
    headers.push(0x0a); // ArrayValue.values, len
    pushVarint(headers, valueSizes[k - 1]!);
  }
  return len(9, str(1, 'deep'), len(2, Uint8Array.from(headers), leaf));
}

test('spans with a missing, zero or wrong-length id are rejected alone', () => {
  const cases: [Uint8Array, string][] = [
    [span({ traceId: new Uint8Array(0), spanId: otherSpanId(1) }), 'span 1: trace_id is missing'],
    [span({ traceId: new Uint8Array(16), spanId: otherSpanId(2) }), 'span 1: trace_id is all zero'],
    [
      span({ traceId: TRACE_ID.subarray(0, 15), spanId: otherSpanId(3) }),
      'span 1: trace_id has 15 bytes, expected 16',
    ],
    [span({ spanId: new Uint8Array(8) }), 'span 1: span_id is all zero'],
    [span({ spanId: new Uint8Array(9).fill(1) }), 'span 1: span_id has 9 bytes, expected 8'],
    [
      span({ spanId: otherSpanId(4), parentSpanId: Uint8Array.of(1, 2, 3) }),
      'span 1: parent_span_id has 3 bytes, expected 0 or 8',
    ],
  ];
  for (const [bad, reason] of cases) {
    const { rejected, errors } = rejectsAlone(bad);

    assert.equal(rejected, 1);
    assert.deepEqual(errors, [reason]);
  }
});

test('a span that ends before it starts is rejected alone', () => {
  const bad = span({ spanId: otherSpanId(1), start: 2n ** 32n, end: 2n ** 32n - 1n });

  const { rejected, errors } = rejectsAlone(bad);

  assert.equal(rejected, 1);
  assert.match(errors[0]!, /end_time_unix_nano is before start_time_unix_nano/);
});

test('a span without a start time (a duration of 2^53 ns or more) is rejected alone', () => {
  const bad = span({ spanId: otherSpanId(1), start: 0n, end: 1_763_700_000_000_000_000n });

  const { rejected, errors } = rejectsAlone(bad);

  assert.equal(rejected, 1);
  assert.match(errors[0]!, /duration is 2\^53 ns .* or more: the start time is missing or wrong/);
});

test('an unknown span kind or status code is rejected alone', () => {
  assert.match(
    rejectsAlone(span({ spanId: otherSpanId(1), extra: [varintField(6, 6)] })).errors[0]!,
    /kind 6/,
  );
  assert.match(
    rejectsAlone(span({ spanId: otherSpanId(2), extra: [len(15, varintField(3, 3))] })).errors[0]!,
    /status code 3/,
  );
});

test('invalid UTF-8 in a span name, attribute, event or status is rejected alone', () => {
  const cases = [
    span({ spanId: otherSpanId(1), extra: [len(5, INVALID_UTF8)] }),
    span({ spanId: otherSpanId(2), extra: [len(9, str(1, 'k'), len(2, len(1, INVALID_UTF8)))] }),
    span({ spanId: otherSpanId(3), extra: [len(11, len(2, INVALID_UTF8))] }),
    span({ spanId: otherSpanId(4), extra: [len(15, len(2, INVALID_UTF8))] }),
    span({ spanId: otherSpanId(5), extra: [len(3, INVALID_UTF8)] }),
  ];
  for (const bad of cases) assert.equal(rejectsAlone(bad).rejected, 1);
});

test('malformed nested data (a link without ids, a broken status) is rejected alone', () => {
  assert.equal(rejectsAlone(span({ spanId: otherSpanId(1), extra: [len(13, str(3, 'ts'))] })).rejected, 1);
  assert.equal(
    rejectsAlone(span({ spanId: otherSpanId(2), extra: [len(15, Uint8Array.of(0x18))] })).rejected,
    1,
  );
  assert.equal(rejectsAlone(span({ spanId: otherSpanId(3), extra: [len(9, key(1, 7))] })).rejected, 1);
});

test('values nested 32 deep are kept, 33 deep rejected, 100000 deep rejected without recursion', () => {
  const body = request(
    span({ extra: [nestedAttribute(32)] }),
    span({ spanId: otherSpanId(1), extra: [nestedAttribute(33)] }),
    span({ spanId: otherSpanId(2), extra: [nestedAttribute(100_000)] }),
  );

  const { result } = decodeWith(decodeTraceRequestProto, body);

  assert.equal(result.accepted, 1);
  assert.equal(result.rejected, 2);
  assert.match(result.errors[0]!, /deeper than 32/);
});

test('an invalid resource rejects every span of its scopes, and only those', () => {
  const badResource = len(
    1,
    len(1, len(1, str(1, 'k'), len(2, len(1, INVALID_UTF8)))),
    len(2, len(2, span())),
  );
  const good = request(span({ spanId: otherSpanId(1) }));

  const { result, rows } = decodeWith(decodeTraceRequestProto, concat(badResource, good));

  assert.deepEqual([result.accepted, result.rejected], [1, 1]);
  assert.match(result.errors[0]!, /^span 0: invalid resource or scope/);
  assert.deepStrictEqual(rows[0]!.spanId, otherSpanId(1));
});

test('rejection reasons are bounded; the count is not', () => {
  const bad = Array.from({ length: 40 }, (_, k) => span({ spanId: otherSpanId(k), end: 0n }));

  const { result } = decodeWith(decodeTraceRequestProto, request(...bad));

  assert.equal(result.rejected, 40);
  assert.equal(result.errors.length, MAX_REPORTED_ERRORS);
  assert.match(result.errors[4]!, /^span 4: /);
});

test('every truncation of a one-span request is a decode error', () => {
  const body = request(span({ extra: [stringAttribute(9, 'k', 'v'), len(15, str(2, 'msg'))] }));
  for (let n = 1; n < body.length; n++) {
    assert.throws(
      () => decodeTraceRequestProto(body.subarray(0, n), new RowBatchBuilder()),
      isDecodeError,
      `${n}`,
    );
  }
});

test('a wrong wire type for a field of the request tree is a decode error', () => {
  const cases = [
    varintField(1, 1),
    len(1, fixed64Field(2, 1n)),
    len(1, len(2, varintField(2, 1))),
    len(1, len(1, str(1, 'x')), varintField(3, 1)),
    request(span({ extra: [len(6, str(1, 'x'))] })),
    request(span({ extra: [varintField(7, 1)] })),
    request(span({ extra: [len(16, str(1, 'x'))] })),
    request(span({ extra: [fixed64Field(9, 1n)] })),
  ];
  for (const body of cases) assert.throws(() => decodeWith(decodeTraceRequestProto, body), isDecodeError);
});

test('invalid wire types, groups and field number 0 are decode errors', () => {
  for (const bad of [key(20, 3), key(20, 4), key(20, 6), key(20, 7), key(0, 0)]) {
    assert.throws(() => decodeWith(decodeTraceRequestProto, concat(bad, varint(0n))), isDecodeError);
    assert.throws(
      () => decodeWith(decodeTraceRequestProto, request(span({ extra: [bad, varint(0n)] }))),
      isDecodeError,
    );
  }
});

test('a length prefix past the end of the body is a decode error', () => {
  for (const length of [2n ** 31n, 2n ** 40n, 2n ** 64n - 1n]) {
    const body = concat(key(1, 2), varint(length), new Uint8Array(16));

    assert.throws(() => decodeWith(decodeTraceRequestProto, body), isDecodeError);
  }
});

test('after a decode error the builder holds no rows of the request', () => {
  const builder = new RowBatchBuilder();
  const body = concat(request(span()), varintField(1, 1));

  assert.throws(() => decodeTraceRequestProto(body, builder), isDecodeError);

  assert.equal(builder.length, 0);
  assert.equal(builder.finish().strings.length, 0);
});

test('mutated requests decode or fail with OtlpDecodeError, and what is accepted is valid', () => {
  const seed = propertySeed();
  const mutation = fc.record({ at: fc.nat(), bits: fc.integer({ min: 1, max: 255 }) });
  fc.assert(
    fc.property(
      requestSpec({ nonFiniteDoubles: true }, 3),
      fc.array(mutation, { minLength: 1, maxLength: 4 }),
      (spec, flips) => {
        // Arrange
        const body = new Uint8Array(ProtobufTraceSerializer.serializeRequest(readableSpans(spec))!);
        if (body.length === 0) return;
        for (const f of flips) body[f.at % body.length]! ^= f.bits;

        // Act and assert: decodeWith also puts the accepted rows through the store's validation.
        try {
          decodeWith(decodeTraceRequestProto, body);
        } catch (err) {
          assert.ok(isDecodeError(err), String(err));
        }
      },
    ),
    { seed, numRuns: 300 },
  );
});

test('random bytes decode or fail with OtlpDecodeError', () => {
  const seed = propertySeed();
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (body) => {
      try {
        decodeWith(decodeTraceRequestProto, body);
      } catch (err) {
        assert.ok(isDecodeError(err), String(err));
      }
    }),
    { seed, numRuns: 500 },
  );
});
