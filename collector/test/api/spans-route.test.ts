import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { testCollector, type TestCollector } from '../support/collector.js';
import { getJson, sendSpans } from '../support/http.js';
import { BASE_MS, freshId, type TestSpan } from '../support/spans.js';
import type { SpanJson } from '../../src/api/span-json.js';

type Page = { spans: SpanJson[]; next: string | null };

let collector: TestCollector;
const TRACE_ID = freshId(16);
const ROOT_ID = freshId(8);
const LINKED_TRACE = freshId(16);
const LINKED_SPAN = freshId(8);

/** Rows 0..4 in this order: the rich root span, then four children of mixed names and statuses. */
const SPANS: TestSpan[] = [
  {
    name: 'GET /cart',
    service: 'checkout',
    traceId: TRACE_ID,
    spanId: ROOT_ID,
    startMs: BASE_MS,
    durationMs: 12.7,
    kind: 2,
    status: 1,
    attributes: {
      'http.route': '/cart',
      retries: 2,
      big: 2 ** 60,
      ratio: 0.25,
      ok: true,
      tags: ['a', 'b'],
      raw: new Uint8Array([1, 2, 3]),
      nested: { depth: 1 },
    },
    events: [{ name: 'exception', timeMs: BASE_MS + 1, attributes: { 'exception.type': 'Error' } }],
    links: [{ traceId: LINKED_TRACE, spanId: LINKED_SPAN, attributes: { why: 'retry' } }],
    droppedAttributes: 3,
  },
  {
    name: 'db.query',
    service: 'checkout',
    traceId: TRACE_ID,
    parentSpanId: ROOT_ID,
    startMs: BASE_MS + 5,
    durationMs: 2,
    kind: 3,
  },
  {
    name: 'db.query',
    service: 'checkout',
    traceId: TRACE_ID,
    parentSpanId: ROOT_ID,
    startMs: BASE_MS + 2,
    durationMs: 8,
    status: 2,
    statusMessage: 'deadlock',
  },
  { name: 'db.query', service: 'checkout', startMs: BASE_MS + 60_000, durationMs: 1 },
  { name: 'render', service: 'web', startMs: BASE_MS + 120_000, durationMs: 30 },
];

before(async () => {
  collector = await testCollector();
  await sendSpans(collector.url, SPANS);
});
after(() => collector.dispose());

const api = (path: string): string => `${collector.url}${path}`;

test('GET /api/spans/:index returns the span as API.md shapes it', async () => {
  const { status, body } = await getJson<SpanJson>(api('/api/spans/0'));

  assert.equal(status, 200);
  assert.deepEqual(body, {
    index: 0,
    traceId: TRACE_ID,
    spanId: ROOT_ID,
    parentSpanId: null,
    traceState: '',
    flags: 257,
    service: 'checkout',
    name: 'GET /cart',
    kind: 'server',
    startTimeUnixNano: `${BASE_MS}000000`,
    endTimeUnixNano: String(BigInt(BASE_MS) * 1_000_000n + 12_700_000n),
    duration: 12.7,
    status: { code: 'ok', message: '' },
    attributes: {
      'http.route': '/cart',
      retries: 2,
      big: String(2n ** 60n),
      ratio: 0.25,
      ok: true,
      tags: ['a', 'b'],
      raw: { bytes: 'AQID' },
      nested: { depth: 1 },
    },
    resource: { 'service.name': 'checkout', 'host.name': 'web-1' },
    resourceSchemaUrl: '',
    scope: {
      name: 'laptime-test',
      version: '1.0.0',
      attributes: {},
      droppedAttributesCount: 0,
      schemaUrl: '',
    },
    events: [
      {
        timeUnixNano: `${BASE_MS + 1}000000`,
        name: 'exception',
        attributes: { 'exception.type': 'Error' },
        droppedAttributesCount: 0,
      },
    ],
    links: [
      {
        traceId: LINKED_TRACE,
        spanId: LINKED_SPAN,
        traceState: '',
        attributes: { why: 'retry' },
        droppedAttributesCount: 0,
        flags: 257,
      },
    ],
    dropped: { attributes: 3, events: 0, links: 0, resourceAttributes: 0 },
  });
});

test('a child span names its parent, its kind and its error status', async () => {
  const { body } = await getJson<SpanJson>(api('/api/spans/2'));

  assert.equal(body.parentSpanId, ROOT_ID);
  assert.equal(body.kind, 'server');
  assert.deepEqual(body.status, { code: 'error', message: 'deadlock' });
});

test('an index past the end is 404, a non-index 400', async () => {
  const past = await getJson(api('/api/spans/5'));
  const bad = await getJson(api('/api/spans/-1'));

  assert.equal(past.status, 404);
  assert.equal(past.body.error.code, 'LT_NOT_FOUND');
  assert.equal(bad.status, 400);
  assert.match(bad.body.error.message, /^index: /);
});

test('GET /api/spans lists spans in index order with filters', async () => {
  const all = await getJson<Page>(api('/api/spans'));
  const db = await getJson<Page>(api('/api/spans?name=db.query&service=checkout'));
  const errors = await getJson<Page>(api('/api/spans?status=error'));
  const slow = await getJson<Page>(api('/api/spans?minDuration=10'));
  const trace = await getJson<Page>(api(`/api/spans?traceId=${TRACE_ID}`));
  const window = await getJson<Page>(api(`/api/spans?from=${BASE_MS + 1}&to=${BASE_MS + 100_000}`));

  const indexes = (p: { body: Page }): number[] => p.body.spans.map((s) => s.index);
  assert.deepEqual(indexes(all), [0, 1, 2, 3, 4]);
  assert.equal(all.body.next, null);
  assert.deepEqual(indexes(db), [1, 2, 3]);
  assert.deepEqual(indexes(errors), [2]);
  assert.deepEqual(indexes(slow), [0, 4]);
  assert.deepEqual(indexes(trace), [0, 1, 2]);
  assert.deepEqual(indexes(window), [1, 2, 3]);
});

test('GET /api/spans pages with limit and the next cursor, both orders', async () => {
  const first = await getJson<Page>(api('/api/spans?limit=2'));
  const second = await getJson<Page>(api(`/api/spans?limit=2&after=${first.body.next}`));
  const third = await getJson<Page>(api(`/api/spans?limit=2&after=${second.body.next}`));
  const desc = await getJson<Page>(api('/api/spans?limit=3&order=desc'));

  assert.deepEqual(
    first.body.spans.map((s) => s.index),
    [0, 1],
  );
  assert.equal(first.body.next, '1');
  assert.deepEqual(
    second.body.spans.map((s) => s.index),
    [2, 3],
  );
  assert.deepEqual(
    third.body.spans.map((s) => s.index),
    [4],
  );
  assert.equal(third.body.next, null);
  assert.deepEqual(
    desc.body.spans.map((s) => s.index),
    [4, 3, 2],
  );
  assert.equal(desc.body.next, '2');
});

test('GET /api/spans refuses bad parameters with 400 naming them', async () => {
  for (const [query, param] of [
    ['limit=1001', 'limit'],
    ['status=broken', 'status'],
    ['traceId=xyz', 'traceId'],
    ['minDuration=fast', 'minDuration'],
    ['order=up', 'order'],
    ['to=soon', 'to'],
  ]) {
    const { status, body } = await getJson(api(`/api/spans?${query}`));
    assert.equal(status, 400, query);
    assert.match(body.error.message, new RegExp(`^${param}: `), query);
  }
});

test('GET /api/traces/:traceId returns the spans ordered by start', async () => {
  const { status, body } = await getJson<{ traceId: string; spans: SpanJson[] }>(
    api(`/api/traces/${TRACE_ID}`),
  );

  assert.equal(status, 200);
  assert.equal(body.traceId, TRACE_ID);
  assert.deepEqual(
    body.spans.map((s) => s.index),
    [0, 2, 1],
  );
});

test('an unknown trace is 404, a malformed id 400', async () => {
  const unknown = await getJson(api(`/api/traces/${'ab'.repeat(16)}`));
  const malformed = await getJson(api('/api/traces/1234'));

  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.code, 'LT_NOT_FOUND');
  assert.equal(malformed.status, 400);
});

test('a span dropped by retention is 410 LT_EXPIRED', async () => {
  // Arrange: a store bounded to one byte seals its segment at a checkpoint, drops it at the next.
  const small = await testCollector({ maxBytes: 1 });
  try {
    await sendSpans(small.url, [{ name: 'old' }]);
    await small.store.checkpoint();
    await small.store.checkpoint();

    // Act
    const { status, body } = await getJson(`${small.url}/api/spans/0`);

    // Assert
    assert.equal(status, 410);
    assert.equal(body.error.code, 'LT_EXPIRED');
  } finally {
    await small.dispose();
  }
});
