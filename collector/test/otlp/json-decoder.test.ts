import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { RowBatchBuilder } from '@laptime/store';
import { OtlpDecodeError } from '../../src/otlp/otlp-decode-error.js';
import {
  MAX_JSON_VALUES_PER_MESSAGE,
  decodeTraceRequestJson,
  decodeTraceRequestJsonSliced,
} from '../../src/otlp/json-decoder.js';
import { decodeTraceRequestProto } from '../../src/otlp/protobuf-decoder.js';
import { bySpanId, decodeWith } from './decode-helpers.js';
import { expectedRow, hex, propertySeed, readableSpans, requestSpec } from './span-arbitraries.js';

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';
const isDecodeError = (err: unknown): boolean =>
  err instanceof OtlpDecodeError && err.code === 'LT_OTLP_DECODE';

type Json = Record<string, unknown>;

function validSpan(overrides: Json = {}): Json {
  return {
    traceId: TRACE_ID,
    spanId: SPAN_ID,
    name: 'GET /cart',
    kind: 2,
    startTimeUnixNano: '1763700000000000000',
    endTimeUnixNano: '1763700000012700000',
    ...overrides,
  };
}

function requestOf(
  spans: unknown[],
  resource: unknown = { attributes: [] },
  scope: unknown = { name: 's' },
): Json {
  return { resourceSpans: [{ resource, scopeSpans: [{ scope, spans }] }] };
}

function decodeJson(body: unknown): ReturnType<typeof decodeWith> {
  return decodeWith(decodeTraceRequestJson, JSON.stringify(body));
}

/** A request of one good span and `bad`; only `bad` may be rejected. Returns the reason. */
function rejectionOf(bad: Json): string {
  const { result, rows } = decodeJson(
    requestOf([validSpan(), { ...validSpan({ spanId: 'aaaaaaaaaaaaaaaa' }), ...bad }]),
  );
  assert.equal(result.accepted, 1, JSON.stringify(bad));
  assert.equal(hex(rows[0]!.spanId), SPAN_ID);
  assert.equal(result.rejected, 1, JSON.stringify(bad));
  return result.errors[0]!;
}

test('rows equal the source spans after the official JSON serializer, and the protobuf path', () => {
  const seed = propertySeed();
  fc.assert(
    fc.property(requestSpec({ nonFiniteDoubles: false }), (spec) => {
      // Arrange
      const spans = readableSpans(spec);
      const json = JsonTraceSerializer.serializeRequest(spans)!;
      const proto = ProtobufTraceSerializer.serializeRequest(spans)!;

      // Act
      const { result, rows } = decodeWith(decodeTraceRequestJson, json);
      const fromProto = decodeWith(decodeTraceRequestProto, proto);

      // Assert
      assert.deepEqual(result, { accepted: spec.spans.length, rejected: 0, errors: [] });
      const decoded = bySpanId(rows);
      for (const s of spec.spans) assert.deepStrictEqual(decoded.get(hex(s.spanId)), expectedRow(spec, s));
      assert.deepStrictEqual(bySpanId(fromProto.rows), decoded);
    }),
    { seed, numRuns: 150 },
  );
});

test('a string body and a UTF-8 body decode alike', () => {
  const body = JSON.stringify(requestOf([validSpan({ name: 'é 🐱' })]));

  const fromString = decodeWith(decodeTraceRequestJson, body);
  const fromBytes = decodeWith(decodeTraceRequestJson, new TextEncoder().encode(body));

  assert.deepStrictEqual(fromBytes, fromString);
  assert.equal(fromString.rows[0]!.name, 'é 🐱');
});

test('hex ids are case-insensitive', () => {
  const { rows } = decodeJson(
    requestOf([
      validSpan({
        traceId: TRACE_ID.toUpperCase(),
        spanId: 'EeE19b7eC3c1B174',
        parentSpanId: 'ABCDEF0123456789',
      }),
    ]),
  );

  assert.equal(hex(rows[0]!.traceId), TRACE_ID);
  assert.equal(hex(rows[0]!.spanId), SPAN_ID);
  assert.equal(hex(rows[0]!.parentSpanId!), 'abcdef0123456789');
});

test('64-bit integers come as decimal strings (exact) or as numbers', () => {
  const attributes = [
    { key: 'max', value: { intValue: '9223372036854775807' } },
    { key: 'min', value: { intValue: '-9223372036854775808' } },
    { key: 'number', value: { intValue: 42 } },
    { key: 'big', value: { intValue: 2 ** 60 } },
  ];
  const span = validSpan({
    startTimeUnixNano: '18446744073709000000',
    endTimeUnixNano: '18446744073709551615',
    attributes,
  });

  const { rows } = decodeJson(requestOf([span]));

  assert.equal(rows[0]!.startTimeUnixNano, 18446744073709000000n);
  assert.equal(rows[0]!.endTimeUnixNano, 2n ** 64n - 1n);
  assert.deepStrictEqual(rows[0]!.attributes, {
    max: 2n ** 63n - 1n,
    min: -(2n ** 63n),
    number: 42n,
    big: 2n ** 60n,
  });
});

test('every AnyValue member, empty values, doubles as strings and base64 bytes decode', () => {
  const attributes = [
    { key: 's', value: { stringValue: 'x' } },
    { key: 'b', value: { boolValue: false } },
    { key: 'd', value: { doubleValue: 1.5 } },
    { key: 'nan', value: { doubleValue: 'NaN' } },
    { key: 'inf', value: { doubleValue: '-Infinity' } },
    { key: 'bytes', value: { bytesValue: 'AQL/' } },
    { key: 'url-safe', value: { bytesValue: '-_8' } },
    { key: 'arr', value: { arrayValue: { values: [{ intValue: '1' }, {}, { arrayValue: {} }] } } },
    { key: 'map', value: { kvlistValue: { values: [{ key: 'k', value: { stringValue: 'v' } }] } } },
    { key: 'empty', value: {} },
    { key: 'absent' },
  ];

  const { rows } = decodeJson(requestOf([validSpan({ attributes })]));

  assert.deepStrictEqual(rows[0]!.attributes, {
    s: 'x',
    b: false,
    d: 1.5,
    nan: NaN,
    inf: -Infinity,
    bytes: Uint8Array.of(1, 2, 255),
    'url-safe': Uint8Array.of(0xfb, 0xff),
    arr: [1n, null, []],
    map: { k: 'v' },
    empty: null,
    absent: null,
  });
});

test('unknown fields are ignored at every level', () => {
  const extra = { futureField: { nested: [1, 2] }, another: 'x' };
  const body = {
    ...extra,
    resourceSpans: [
      {
        ...extra,
        resource: {
          ...extra,
          attributes: [{ ...extra, key: 'service.name', value: { ...extra, stringValue: 'svc' } }],
        },
        scopeSpans: [
          {
            ...extra,
            scope: { ...extra, name: 's' },
            spans: [validSpan({ ...extra, status: { ...extra, code: 2 } })],
          },
        ],
      },
    ],
  };

  const { result, rows } = decodeJson(body);

  assert.equal(result.accepted, 1);
  assert.equal(rows[0]!.service, 'svc');
  assert.equal(rows[0]!.statusCode, 2);
});

test('the resource names the service; without a string service.name it is unknown_service', () => {
  const named = decodeJson(
    requestOf([validSpan()], { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] }),
  );
  const unnamed = decodeJson(requestOf([validSpan()], undefined));
  const intName = decodeJson(
    requestOf([validSpan()], { attributes: [{ key: 'service.name', value: { intValue: 1 } }] }),
  );

  assert.equal(named.rows[0]!.service, 'checkout');
  assert.equal(unnamed.rows[0]!.service, 'unknown_service');
  assert.equal(intName.rows[0]!.service, 'unknown_service');
});

test('values of the wrong JSON type reject their span alone', () => {
  const cases: [Json, RegExp][] = [
    [{ traceId: 42 }, /traceId must be a hex string/],
    [{ traceId: 'zz'.repeat(16) }, /traceId is not a hex string/],
    [{ traceId: 'ab' }, /traceId has 2 hex digits, expected 32/],
    [{ traceId: undefined }, /traceId is missing/],
    [{ name: 5 }, /name must be a string/],
    [{ kind: 'SERVER' }, /kind must be an integer/],
    [{ kind: 9 }, /kind/],
    [{ startTimeUnixNano: -1 }, /startTimeUnixNano must be an integer in \[0, 2\^64\)/],
    [{ startTimeUnixNano: '1e3' }, /startTimeUnixNano/],
    [{ startTimeUnixNano: 0 }, /duration is 2\^53 ns .* the start time is missing or wrong/],
    [{ endTimeUnixNano: '18446744073709551616' }, /endTimeUnixNano/],
    [{ attributes: 'x' }, /: attributes must be an array, not string$/],
    [{ attributes: ['x'] }, /: attributes\[0\] must be an object, not string$/],
    [{ attributes: [{ key: 'k', value: { intValue: 1.5 } }] }, /attributes\.k intValue must be an int64/],
    [{ attributes: [{ key: 'k', value: { intValue: '9223372036854775808' } }] }, /int64/],
    [{ attributes: [{ key: 'k', value: { boolValue: 'true' } }] }, /boolValue must be a boolean/],
    [{ attributes: [{ key: 'k', value: { doubleValue: true } }] }, /doubleValue must be a double/],
    [{ attributes: [{ key: 'k', value: { bytesValue: 'not base64!' } }] }, /bytesValue must be base64/],
    [
      { attributes: [{ key: 'k', value: { stringValue: 'a', intValue: 1 } }] },
      /2 members of the AnyValue oneof/,
    ],
    [
      { attributes: [{ key: 'k', value: { arrayValue: { values: [{ intValue: 'x' }] } } }] },
      /attributes\.k\[0\] intValue/,
    ],
    [{ attributes: [{ key: 7 }] }, /key must be a string/],
    [{ events: {} }, /events must be an array/],
    [{ events: [{ timeUnixNano: 'soon' }] }, /events\[0\]\.timeUnixNano/],
    [{ links: [{ traceId: TRACE_ID, spanId: 'abc' }] }, /links\[0\]\.spanId has 3 hex digits/],
    [{ status: { code: 'x' } }, /status\.code/],
    [{ status: { code: 3 } }, /statusCode/],
    [{ status: 'ERROR' }, /status must be an object/],
    [{ droppedAttributesCount: -1 }, /droppedAttributesCount/],
    [{ flags: 2 ** 32 }, /flags/],
  ];
  for (const [bad, reason] of cases) assert.match(rejectionOf(bad), reason);
});

test('a lone UTF-16 surrogate in any string rejects its span alone', () => {
  const kv = (key: string, value: Json): Json => ({ key, value });
  for (const lone of ['\ud800', '\udc00', 'a\udbffz']) {
    const cases: [Json, RegExp][] = [
      [{ name: lone }, /^name is not valid Unicode/],
      [{ traceState: lone }, /^traceState is not valid Unicode/],
      [{ status: { message: lone } }, /^status\.message is not valid Unicode/],
      [{ attributes: [kv(lone, { stringValue: 'v' })] }, /^attributes\[0\] key is not valid Unicode/],
      [{ attributes: [kv('k', { stringValue: lone })] }, /^attributes\.k stringValue is not valid/],
      [
        { attributes: [kv('k', { arrayValue: { values: [{ stringValue: lone }] } })] },
        /^attributes\.k\[0\] stringValue is not valid/,
      ],
      [
        { attributes: [kv('k', { kvlistValue: { values: [kv(lone, {})] } })] },
        /^attributes\.k\[0\] key is not valid/,
      ],
      [{ events: [{ name: lone }] }, /^events\[0\]\.name is not valid Unicode/],
      [{ events: [{ attributes: [kv('k', { stringValue: lone })] }] }, /^events\[0\]\.attributes\.k/],
      [{ links: [{ traceId: TRACE_ID, spanId: SPAN_ID, traceState: lone }] }, /^links\[0\]\.traceState/],
    ];
    for (const [bad, reason] of cases)
      assert.match(rejectionOf(bad).replace(/^span 1: /, ''), reason, JSON.stringify(bad));
  }
});

test('a lone surrogate in the resource or scope rejects every span under it', () => {
  const serviceName = { attributes: [{ key: 'service.name', value: { stringValue: '\udc00' } }] };
  const cases: [Json, RegExp][] = [
    [requestOf([validSpan()], serviceName), /^span 0: resource\.attributes\.service\.name stringValue/],
    [requestOf([validSpan()], undefined, { name: '\ud800' }), /^span 0: scope\.name is not valid/],
    [requestOf([validSpan()], undefined, { version: '\ud800' }), /^span 0: scope\.version is not valid/],
  ];
  for (const [body, reason] of cases) {
    const { result } = decodeJson(body);

    assert.deepEqual([result.accepted, result.rejected], [0, 1]);
    assert.match(result.errors[0]!, reason);
  }
});

test('surrogate pairs, escaped or not, are well-formed and kept', () => {
  const { result, rows } = decodeWith(
    decodeTraceRequestJson,
    JSON.stringify(requestOf([validSpan({ name: 'cat 🐱' })])).replace('🐱', '\\ud83d\\udc31 🐱'),
  );

  assert.equal(result.accepted, 1);
  assert.equal(rows[0]!.name, 'cat \u{1f431} 🐱');
});

test('decimal strings longer than any 64-bit integer reject their span without being converted', () => {
  // Arrange: 8M digits, and spies on the conversions (BigInt() takes seconds for such a string).
  const huge = '1'.repeat(8_000_000);
  const cases: [Json, RegExp][] = [
    [{ startTimeUnixNano: huge }, /^startTimeUnixNano must be an integer in \[0, 2\^64\), not "1{39}\.\.\.$/],
    [{ endTimeUnixNano: huge }, /^endTimeUnixNano must be an integer/],
    [{ endTimeUnixNano: `-${huge}` }, /^endTimeUnixNano must be an integer/],
    [{ kind: huge }, /^kind must be an integer in \[0, 2\^32\)/],
    [{ attributes: [{ key: 'k', value: { intValue: huge } }] }, /^attributes\.k intValue must be an int64/],
    [
      { attributes: [{ key: 'k', value: { doubleValue: huge } }] },
      /^attributes\.k doubleValue must be a double/,
    ],
    [{ events: [{ timeUnixNano: huge }] }, /^events\[0\]\.timeUnixNano must be an integer/],
    [{ attributes: [{ key: 'k', value: { intValue: '1'.repeat(21) } }] }, /intValue must be an int64/],
  ];
  const { BigInt: realBigInt, Number: realNumber } = globalThis;
  let longestConverted = 0;
  const spy = <F extends (...args: never[]) => unknown>(real: F): F =>
    new Proxy(real, {
      apply(target, self, args: unknown[]) {
        if (typeof args[0] === 'string') longestConverted = Math.max(longestConverted, args[0].length);
        return Reflect.apply(target, self, args) as unknown;
      },
    });
  globalThis.BigInt = spy(realBigInt);
  globalThis.Number = spy(realNumber);
  try {
    for (const [bad, reason] of cases) {
      // Act
      const reasonGiven = rejectionOf(bad).replace(/^span 1: /, '');

      // Assert
      assert.match(reasonGiven, reason, Object.keys(bad).join());
      assert.ok(longestConverted < 100, `a string of ${longestConverted} characters was converted`);
    }
  } finally {
    globalThis.BigInt = realBigInt;
    globalThis.Number = realNumber;
  }
});

test('leading zeros do not count against the digits of a 64-bit integer', () => {
  const zeros = '0'.repeat(100);
  const span = validSpan({
    startTimeUnixNano: `${zeros}1763700000000000000`,
    endTimeUnixNano: `${zeros}1763700000012700000`,
    kind: `${zeros}2`,
    attributes: [{ key: 'min', value: { intValue: `-${zeros}9223372036854775808` } }],
  });

  const { result, rows } = decodeJson(requestOf([span]));

  assert.equal(result.accepted, 1);
  assert.equal(rows[0]!.startTimeUnixNano, 1763700000000000000n);
  assert.equal(rows[0]!.kind, 2);
  assert.deepStrictEqual(rows[0]!.attributes, { min: -(2n ** 63n) });
});

test('a span that is not an object is rejected alone', () => {
  const { result } = decodeJson(requestOf([validSpan(), 'span', null, 7]));

  assert.deepEqual([result.accepted, result.rejected], [1, 3]);
});

test('zero ids and an end before the start reject their span alone', () => {
  assert.match(rejectionOf({ traceId: '0'.repeat(32) }), /traceId is all zero/);
  assert.match(rejectionOf({ spanId: '0'.repeat(16) }), /spanId is all zero/);
  assert.match(rejectionOf({ startTimeUnixNano: '2', endTimeUnixNano: '1' }), /before/);
});

test('an empty or all-zero parent span id is a root span', () => {
  const { rows } = decodeJson(
    requestOf([
      validSpan({ parentSpanId: '' }),
      validSpan({ spanId: '1'.repeat(16), parentSpanId: '0'.repeat(16) }),
    ]),
  );

  assert.deepEqual(
    rows.map((r) => r.parentSpanId),
    [null, null],
  );
});

test('a resource or scope with a wrong value rejects every span under it, and only those', () => {
  const badResource = requestOf([validSpan()], { attributes: [{ key: 'k', value: { intValue: 'x' } }] });
  const badScope = requestOf([validSpan()], undefined, { name: 7 });
  const good = requestOf([validSpan({ spanId: '1'.repeat(16) })]);
  const body = { resourceSpans: [badResource, badScope, good].flatMap((r) => r.resourceSpans as unknown[]) };

  const { result } = decodeJson(body);

  assert.deepEqual([result.accepted, result.rejected], [1, 2]);
  assert.match(result.errors[0]!, /^span 0: resource\.attributes\.k intValue/);
  assert.match(result.errors[1]!, /^span 1: scope\.name must be a string/);
});

test('values nested 32 deep are kept, 33 deep rejected, 100000 deep rejected', () => {
  // Written by hand: JSON.stringify itself recurses, and 100000 levels would overflow its stack.
  const nested = (depth: number): string =>
    `${'{"arrayValue":{"values":['.repeat(depth - 1)}{"stringValue":"leaf"}${']}}'.repeat(depth - 1)}`;
  const spans = [32, 33, 100_000].map((depth, k) => {
    const span = JSON.stringify(
      validSpan({ spanId: `${k + 1}`.repeat(16), attributes: [{ key: 'deep', value: 0 }] }),
    );
    return span.replace('"value":0', `"value":${nested(depth)}`);
  });
  const body = `{"resourceSpans":[{"scopeSpans":[{"spans":[${spans.join(',')}]}]}]}`;

  const { result } = decodeWith(decodeTraceRequestJson, body);

  assert.deepEqual([result.accepted, result.rejected], [1, 2]);
  assert.match(result.errors[0]!, /deeper than 32/);
});

test('framing fields may come in any order', () => {
  const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'late' } }] };
  const text =
    `{"resourceSpans":[{"scopeSpans":[{"spans":[${JSON.stringify(validSpan())}],"scope":{"name":"s2"}}],` +
    `"resource":${JSON.stringify(resource)}}],"unknown":[1]}`;

  const { result, rows } = decodeWith(decodeTraceRequestJson, text);

  assert.deepEqual(result, { accepted: 1, rejected: 0, errors: [] });
  assert.equal(rows[0]!.service, 'late');
  assert.equal(rows[0]!.scopeName, 's2');
});

test('a framing field given twice is a decode error', () => {
  const span = JSON.stringify(validSpan());
  for (const body of [
    '{"resourceSpans":[],"resourceSpans":[]}',
    '{"resourceSpans":[{"resource":{},"resource":{}}]}',
    `{"resourceSpans":[{"scopeSpans":[{"spans":[${span}],"spans":[${span}]}]}]}`,
  ]) {
    assert.throws(() => decodeTraceRequestJson(body, new RowBatchBuilder()), /is given twice/, body);
  }
});

test('a span of more JSON values than the bound is rejected alone, unbuilt', () => {
  const values = Array.from({ length: MAX_JSON_VALUES_PER_MESSAGE }, () => ({}));
  const huge = validSpan({
    spanId: 'aaaaaaaaaaaaaaaa',
    attributes: [{ key: 'k', value: { arrayValue: { values } } }],
  });

  const { result, rows } = decodeJson(requestOf([huge, validSpan()]));

  assert.deepEqual([result.accepted, result.rejected], [1, 1]);
  assert.equal(hex(rows[0]!.spanId), SPAN_ID);
  assert.match(result.errors[0]!, /^span 0: the span holds more than 262144 JSON values$/);
});

test('unknown fields of any size and depth are skipped', () => {
  const n = 1_000_000;
  const span = JSON.stringify(validSpan({ unknown: 0 })).replace(
    '"unknown":0',
    `"unknown":"${'x'.repeat(n)}"`,
  );
  const text = `{"x":[${'[],'.repeat(n)}[]],"y":${'['.repeat(n)}${']'.repeat(n)},"resourceSpans":[{"scopeSpans":[{"spans":[${span}]}]}]}`;

  const { result } = decodeWith(decodeTraceRequestJson, text);

  assert.deepEqual(result, { accepted: 1, rejected: 0, errors: [] });
});

test('the sliced decoder gives the same result and gives the event loop turns on a large body', async () => {
  const spans = Array.from({ length: 20_000 }, (_, k) =>
    validSpan({ spanId: (k + 1).toString(16).padStart(16, '0') }),
  );
  const text = JSON.stringify(requestOf(spans));
  let turns = 0;
  const ticker = setInterval(() => turns++, 0);

  const builder = new RowBatchBuilder();
  const result = await decodeTraceRequestJsonSliced(text, builder);
  clearInterval(ticker);

  assert.deepEqual(result, decodeWith(decodeTraceRequestJson, text).result);
  assert.equal(builder.length, 20_000);
  assert.ok(turns > 0, 'timers ran while the body was decoded');
});

test('empty requests are a success with no spans', () => {
  for (const body of [
    {},
    { resourceSpans: [] },
    { resourceSpans: null },
    { resourceSpans: [{ scopeSpans: [{}] }] },
  ]) {
    const { result, rows } = decodeJson(body);

    assert.deepEqual(result, { accepted: 0, rejected: 0, errors: [] });
    assert.equal(rows.length, 0);
  }
});

test('invalid JSON, invalid UTF-8 and a malformed request tree are decode errors', () => {
  const bodies: (string | Uint8Array)[] = [
    '',
    '{"resourceSpans": [',
    '{"resourceSpans": [] } trailing',
    Uint8Array.of(0x7b, 0xff, 0x7d),
    '[]',
    'null',
    '{"resourceSpans": {}}',
    '{"resourceSpans": [7]}',
    '{"resourceSpans": [{"scopeSpans": "x"}]}',
    '{"resourceSpans": [{"scopeSpans": [[]]}]}',
    '{"resourceSpans": [{"scopeSpans": [{"spans": {}}]}]}',
  ];
  for (const body of bodies) {
    assert.throws(() => decodeTraceRequestJson(body, new RowBatchBuilder()), isDecodeError, String(body));
  }
});

test('after a decode error the builder holds no rows of the request', () => {
  const builder = new RowBatchBuilder();
  const body = { resourceSpans: [requestOf([validSpan()]).resourceSpans, 'broken'].flat() };

  assert.throws(() => decodeTraceRequestJson(JSON.stringify(body), builder), isDecodeError);

  assert.equal(builder.length, 0);
});
