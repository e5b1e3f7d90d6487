/**
 * fast-check arbitraries of rows covering every field and every AnyValue type, and the seed
 * every property test prints (set LAPTIME_SEED to replay a failure).
 */
import fc from 'fast-check';
import type { AnyValue, Attributes, Row, SpanEvent, SpanLink } from '../../src/row/types.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;
/** Depth of generated AnyValues: deep enough to nest, far from the limit of 32. */
const MAX_VALUE_DEPTH = 5;
/** Rows are plain objects: fast-check would otherwise make some with a null prototype. */
const PLAIN = { noNullPrototype: true } as const;

/**
 * The seed of a property test: LAPTIME_SEED when set, else the clock. Printed, so a failure in
 * CI can be replayed.
 */
export function propertySeed(name: string): number {
  const fromEnv = process.env['LAPTIME_SEED'];
  const seed = fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : Date.now();
  console.log(`${name}: seed ${seed} (replay with LAPTIME_SEED=${seed})`);
  return seed;
}

/** Well-formed strings: ASCII, any Unicode, empty, and a leading byte-order mark. */
export const arbString = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.constantFrom('', '\uFEFFbom', 'é', '日本語', '😀', 'a'.repeat(200), 'ü'.repeat(70)),
  );

const arbKey = (): fc.Arbitrary<string> =>
  fc.oneof(arbString(), fc.constantFrom('__proto__', 'constructor', ''));

/** Every int64, with weight on the edges and on values just past 2^53. */
export const arbInt64 = (): fc.Arbitrary<bigint> =>
  fc.oneof(
    fc.bigInt({ min: INT64_MIN, max: INT64_MAX }),
    fc.bigInt({ min: -1000n, max: 1000n }),
    fc.constantFrom(
      INT64_MIN,
      INT64_MAX,
      2n ** 53n + 1n,
      -(2n ** 53n) - 1n,
      2n ** 32n,
      -(2n ** 32n),
      -1n,
      0n,
    ),
  );

/** Every double, -0, NaN and the infinities included. */
export const arbDouble = (): fc.Arbitrary<number> =>
  fc.oneof(fc.double(), fc.constantFrom(-0, 0, NaN, Infinity, -Infinity, Number.MIN_VALUE, 0.1));

/** Every AnyValue type, nested arrays and maps included. */
export const arbAnyValue = (): fc.Arbitrary<AnyValue> =>
  fc.letrec<{ value: AnyValue }>((tie) => ({
    value: fc.oneof(
      { maxDepth: MAX_VALUE_DEPTH, depthSize: 'small' },
      arbString(),
      fc.boolean(),
      arbInt64(),
      arbDouble(),
      fc.uint8Array({ maxLength: 10 }),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(arbKey(), tie('value'), { maxKeys: 4, noNullPrototype: true }),
    ),
  })).value;

export const arbAttributes = (): fc.Arbitrary<Attributes> =>
  fc.dictionary(arbKey(), arbAnyValue(), { maxKeys: 6, noNullPrototype: true });

const arbId = (bytes: number): fc.Arbitrary<Uint8Array> =>
  fc.uint8Array({ minLength: bytes, maxLength: bytes }).filter((id) => id.some((b) => b !== 0));

const arbU32 = (): fc.Arbitrary<number> =>
  fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 0xffffffff }));

const arbU64 = (): fc.Arbitrary<bigint> =>
  fc.oneof(fc.bigInt({ min: 0n, max: U64_MAX }), fc.constantFrom(0n, U64_MAX, 1_700_000_000_000_000_000n));

export const arbEvent = (): fc.Arbitrary<SpanEvent> =>
  fc.record(
    {
      timeUnixNano: arbU64(),
      name: arbString(),
      attributes: arbAttributes(),
      droppedAttributesCount: arbU32(),
    },
    PLAIN,
  );

export const arbLink = (): fc.Arbitrary<SpanLink> =>
  fc.record(
    {
      traceId: fc.uint8Array({ minLength: 16, maxLength: 16 }),
      spanId: fc.uint8Array({ minLength: 8, maxLength: 8 }),
      traceState: arbString(),
      attributes: arbAttributes(),
      droppedAttributesCount: arbU32(),
      flags: arbU32(),
    },
    PLAIN,
  );

/** A valid row: any value of every field. */
export const arbRow = (): fc.Arbitrary<Row> =>
  fc
    .record(
      {
        traceId: arbId(16),
        spanId: arbId(8),
        parentSpanId: fc.option(arbId(8), { nil: null }),
        traceState: arbString(),
        flags: arbU32(),
        service: arbString(),
        name: arbString(),
        kind: fc.integer({ min: 0, max: 5 }),
        // A duration under 2^53 ns, the store's limit; the start anywhere that leaves room for it.
        times: fc.tuple(arbU64(), fc.bigInt({ min: 0n, max: 2n ** 53n - 1n })),
        statusCode: fc.integer({ min: 0, max: 2 }),
        statusMessage: arbString(),
        attributes: arbAttributes(),
        droppedAttributesCount: arbU32(),
        events: fc.array(arbEvent(), { maxLength: 3 }),
        droppedEventsCount: arbU32(),
        links: fc.array(arbLink(), { maxLength: 2 }),
        droppedLinksCount: arbU32(),
        resource: arbAttributes(),
        droppedResourceAttributesCount: arbU32(),
        scopeName: arbString(),
        scopeVersion: arbString(),
        scopeAttributes: arbAttributes(),
        droppedScopeAttributesCount: arbU32(),
        // Schema URLs are optional, and an empty one reads back absent: absent or non-empty.
        schemaUrls: fc.tuple(arbSchemaUrl(), arbSchemaUrl()),
      },
      PLAIN,
    )
    .map(({ times: [start, duration], schemaUrls: [resourceUrl, scopeUrl], ...rest }) => {
      const startTimeUnixNano = start + duration > 2n ** 64n - 1n ? start - duration : start;
      const row: Row = { ...rest, startTimeUnixNano, endTimeUnixNano: startTimeUnixNano + duration };
      if (resourceUrl !== undefined) row.resourceSchemaUrl = resourceUrl;
      if (scopeUrl !== undefined) row.scopeSchemaUrl = scopeUrl;
      return row;
    });

const arbSchemaUrl = (): fc.Arbitrary<string | undefined> =>
  fc.option(
    arbString().filter((s) => s !== ''),
    { nil: undefined },
  );

/** One valid row with every field set: a starting point for tests that change one thing. */
export function sampleRow(): Row {
  return {
    traceId: Uint8Array.from({ length: 16 }, (_, k) => k + 1),
    spanId: Uint8Array.from({ length: 8 }, (_, k) => k + 1),
    parentSpanId: Uint8Array.from({ length: 8 }, (_, k) => 8 - k),
    traceState: 'vendor=1',
    flags: 0x101,
    service: 'checkout',
    name: 'GET /api/cart/:id',
    kind: 2,
    startTimeUnixNano: 1_700_000_000_000_000_000n,
    endTimeUnixNano: 1_700_000_000_250_000_000n,
    statusCode: 2,
    statusMessage: 'timeout',
    attributes: { 'http.status_code': 504n, 'http.route': '/api/cart/:id', ok: false, tags: ['a', 1.5] },
    droppedAttributesCount: 1,
    events: [
      {
        timeUnixNano: 1_700_000_000_100_000_000n,
        name: 'retry',
        attributes: { n: 2n },
        droppedAttributesCount: 0,
      },
    ],
    droppedEventsCount: 2,
    links: [
      {
        traceId: new Uint8Array(16).fill(9),
        spanId: new Uint8Array(8).fill(9),
        traceState: '',
        attributes: {},
        droppedAttributesCount: 0,
        flags: 1,
      },
    ],
    droppedLinksCount: 3,
    resource: { 'service.name': 'checkout', 'process.pid': 42n },
    droppedResourceAttributesCount: 4,
    scopeName: '@laptime/exporter',
    scopeVersion: '0.1.0',
    scopeAttributes: { lib: 'x' },
    droppedScopeAttributesCount: 5,
    resourceSchemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
    scopeSchemaUrl: 'https://opentelemetry.io/schemas/1.24.0',
  };
}
