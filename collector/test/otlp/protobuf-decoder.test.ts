import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { decodeTraceRequestProto } from '../../src/otlp/protobuf-decoder.js';
import { bySpanId, decodeWith } from './decode-helpers.js';
import { referenceRows } from './reference-decoder.js';
import { expectedRow, hex, propertySeed, readableSpans, requestSpec } from './span-arbitraries.js';
import { withUnknownFields } from './unknown-fields.js';
import { SPAN_ID, TRACE_ID, concat, len, request, span, str, stringAttribute, varintField } from './wire.js';

const RUNS = 150;

function serialize(spec: Parameters<typeof readableSpans>[0]): Uint8Array {
  const bytes = ProtobufTraceSerializer.serializeRequest(readableSpans(spec));
  assert.ok(bytes !== undefined);
  return bytes;
}

test('rows equal the source spans after the official protobuf serializer, field by field', () => {
  const seed = propertySeed();
  fc.assert(
    fc.property(requestSpec({ nonFiniteDoubles: true }), (spec) => {
      // Arrange
      const bytes = serialize(spec);

      // Act
      const { result, rows } = decodeWith(decodeTraceRequestProto, bytes);

      // Assert
      assert.deepEqual(result, { accepted: spec.spans.length, rejected: 0, errors: [] });
      const decoded = bySpanId(rows);
      for (const s of spec.spans) assert.deepStrictEqual(decoded.get(hex(s.spanId)), expectedRow(spec, s));
    }),
    { seed, numRuns: RUNS },
  );
});

test('rows agree with the reference decoder, also with unknown fields at every level', () => {
  const seed = propertySeed();
  fc.assert(
    fc.property(requestSpec({ nonFiniteDoubles: true }), (spec) => {
      // Arrange
      const plain = serialize(spec);
      const extended = withUnknownFields(plain);

      // Act
      const fromPlain = decodeWith(decodeTraceRequestProto, plain);
      const fromExtended = decodeWith(decodeTraceRequestProto, extended);

      // Assert
      assert.deepStrictEqual(fromPlain.rows, referenceRows(plain));
      assert.deepStrictEqual(fromExtended.rows, referenceRows(extended));
      assert.deepStrictEqual(fromExtended.rows, fromPlain.rows);
    }),
    { seed, numRuns: RUNS },
  );
});

test('an empty body is a request without spans: a success', () => {
  const { result, rows } = decodeWith(decodeTraceRequestProto, new Uint8Array(0));

  assert.deepEqual(result, { accepted: 0, rejected: 0, errors: [] });
  assert.equal(rows.length, 0);
});

test('ResourceSpans and ScopeSpans without spans add nothing', () => {
  const body = concat(len(1), len(1, len(1, stringAttribute(1, 'service.name', 'svc')), len(2, len(1))));

  const { result, rows } = decodeWith(decodeTraceRequestProto, body);

  assert.deepEqual(result, { accepted: 0, rejected: 0, errors: [] });
  assert.equal(rows.length, 0);
});

test('a resource written after its scope spans, and a scope after its spans, still apply', () => {
  const body = len(
    1,
    len(2, len(2, span()), len(1, str(1, 'late-scope'), str(2, '2.0'))),
    len(1, stringAttribute(1, 'service.name', 'late-service')),
  );

  const { rows } = decodeWith(decodeTraceRequestProto, body);

  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.service, 'late-service');
  assert.deepStrictEqual(rows[0]!.resource, { 'service.name': 'late-service' });
  assert.equal(rows[0]!.scopeName, 'late-scope');
  assert.equal(rows[0]!.scopeVersion, '2.0');
});

test('repeated resource fields merge, as protobuf merges a message field', () => {
  const body = len(
    1,
    len(1, stringAttribute(1, 'host.name', 'web-1')),
    len(2, len(2, span())),
    len(1, stringAttribute(1, 'service.name', 'checkout'), varintField(2, 3)),
  );

  const { rows } = decodeWith(decodeTraceRequestProto, body);

  assert.deepStrictEqual(rows[0]!.resource, { 'host.name': 'web-1', 'service.name': 'checkout' });
  assert.equal(rows[0]!.droppedResourceAttributesCount, 3);
  assert.equal(rows[0]!.service, 'checkout');
});

test('the service is unknown_service when service.name is missing or not a string', () => {
  const noName = len(1, len(1, stringAttribute(1, 'host.name', 'h')), len(2, len(2, span())));
  const intName = len(
    1,
    len(1, len(1, str(1, 'service.name'), len(2, varintField(3, 7)))),
    len(2, len(2, span({ spanId: Uint8Array.of(9, 9, 9, 9, 9, 9, 9, 9) }))),
  );

  const { rows } = decodeWith(decodeTraceRequestProto, concat(noName, intName));

  assert.deepEqual(
    rows.map((r) => r.service),
    ['unknown_service', 'unknown_service'],
  );
  assert.deepStrictEqual(rows[1]!.resource, { 'service.name': 7n });
});

test('spans of several resources and scopes keep their own context and service', () => {
  const a = len(
    1,
    len(1, stringAttribute(1, 'service.name', 'a')),
    len(2, len(1, str(1, 's1')), len(2, span())),
  );
  const b = len(
    1,
    len(1, stringAttribute(1, 'service.name', 'b')),
    len(2, len(1, str(1, 's2')), len(2, span({ name: 'x' }))),
    len(2, len(1, str(1, 's3')), len(2, span({ name: 'y' }))),
  );

  const { rows } = decodeWith(decodeTraceRequestProto, concat(a, b));

  assert.deepEqual(
    rows.map((r) => [r.service, r.scopeName, r.name]),
    [
      ['a', 's1', 'op'],
      ['b', 's2', 'x'],
      ['b', 's3', 'y'],
    ],
  );
});

test('an all-zero parent span id is a root span', () => {
  const body = request(span({ parentSpanId: new Uint8Array(8) }));

  const { result, rows } = decodeWith(decodeTraceRequestProto, body);

  assert.equal(result.accepted, 1);
  assert.equal(rows[0]!.parentSpanId, null);
});

test('fixed fields land in their columns and extras fields survive byte for byte', () => {
  const status = len(15, str(2, 'it broke'), varintField(3, 2));
  const body = request(
    span({
      parentSpanId: SPAN_ID.map((b) => b ^ 0xff),
      start: 2n ** 64n - 2n ** 52n,
      end: 2n ** 64n - 1n,
      extra: [
        varintField(6, 3),
        str(3, 'k=v'),
        stringAttribute(9, 'http.route', '/cart'),
        varintField(10, 4),
        varintField(12, 5),
        varintField(14, 6),
        status,
        concat(Uint8Array.of(0x85, 0x01), Uint8Array.of(0x01, 0x03, 0, 0)),
      ],
    }),
  );

  const { rows } = decodeWith(decodeTraceRequestProto, body);

  const row = rows[0]!;
  assert.deepStrictEqual(row.traceId, TRACE_ID);
  assert.deepStrictEqual(
    row.parentSpanId,
    SPAN_ID.map((b) => b ^ 0xff),
  );
  assert.equal(row.kind, 3);
  assert.equal(row.startTimeUnixNano, 2n ** 64n - 2n ** 52n);
  assert.equal(row.endTimeUnixNano, 2n ** 64n - 1n);
  assert.equal(row.flags, 0x301);
  assert.equal(row.traceState, 'k=v');
  assert.deepStrictEqual(row.attributes, { 'http.route': '/cart' });
  assert.deepEqual([row.droppedAttributesCount, row.droppedEventsCount, row.droppedLinksCount], [4, 5, 6]);
  assert.equal(row.statusCode, 2);
  assert.equal(row.statusMessage, 'it broke');
});

test('a Buffer view at an offset of a larger allocation decodes like a plain array', () => {
  const body = request(span(), span({ spanId: SPAN_ID.map((b) => b + 1) }));
  const pooled = Buffer.alloc(body.length + 100, 0xee);
  pooled.set(body, 37);

  const fromView = decodeWith(decodeTraceRequestProto, pooled.subarray(37, 37 + body.length));

  assert.deepStrictEqual(fromView, decodeWith(decodeTraceRequestProto, body));
});
