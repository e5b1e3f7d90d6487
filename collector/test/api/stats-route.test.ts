import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SeriesInfo, StatsResult } from '@laptime/store';
import { testCollector, type TestCollector } from '../support/collector.js';
import { getJson, sendSpans } from '../support/http.js';
import { BASE_MS, type TestSpan } from '../support/spans.js';

let collector: TestCollector;

/** GET /cart in checkout: 10 spans of 1..10 ms, one error, one a second apart. */
const CART: TestSpan[] = Array.from({ length: 10 }, (_, i) => ({
  name: 'GET /cart',
  service: 'checkout',
  startMs: BASE_MS + i * 1000,
  durationMs: i + 1,
  status: i === 9 ? 2 : 1,
}));
/** "db.query" exists in two services. */
const SHARED: TestSpan[] = [
  { name: 'db.query', service: 'checkout', durationMs: 100 },
  { name: 'db.query', service: 'stock', durationMs: 50 },
  { name: 'db.query', service: 'stock', durationMs: 70 },
];

before(async () => {
  collector = await testCollector();
  await sendSpans(collector.url, [...CART, ...SHARED]);
});
after(() => collector.dispose());

const api = (path: string): string => `${collector.url}${path}`;

test('GET /api/names lists every series with its count', async () => {
  const { status, body } = await getJson<{ series: SeriesInfo[] }>(api('/api/names'));

  assert.equal(status, 200);
  const key = (s: SeriesInfo): string => `${s.service}\u0000${s.name}`;
  const sorted = [...body.series].sort((a, b) => (key(a) < key(b) ? -1 : 1));
  assert.deepEqual(sorted, [
    { service: 'checkout', name: 'GET /cart', count: 10 },
    { service: 'checkout', name: 'db.query', count: 1 },
    { service: 'stock', name: 'db.query', count: 2 },
  ]);
});

test('GET /api/stats/:name gives the series statistics in ms, slash in the name unescaped', async () => {
  const { status, body } = await getJson<StatsResult>(api('/api/stats/GET%20/cart'));

  assert.equal(status, 200);
  assert.equal(body.service, 'checkout');
  assert.equal(body.count, 10);
  assert.equal(body.errors, 1);
  assert.equal(body.errorRate, 0.1);
  assert.ok(Math.abs(body.mean - 5.5) < 1e-9);
  assert.equal(body.min, 1);
  assert.equal(body.max, 10);
  assert.ok(Math.abs(body.p50 - 5) / 5 <= 0.011, `p50 ${body.p50}`);
  assert.equal(body.firstSeen, BASE_MS);
  assert.equal(body.lastSeen, BASE_MS + 9000);
  assert.equal(body.from, null);
  assert.equal(body.exact, false);
  assert.equal(body.relativeError, 0.01);
  for (const key of ['stddev', 'stderr', 'p90', 'p95', 'p99', 'p999', 'rate', 'to'])
    assert.ok(key in body, `Stats has ${key}`);
});

test('exact=true computes percentiles from the spans', async () => {
  const { body } = await getJson<StatsResult>(api('/api/stats/GET%20%2Fcart?exact=true'));

  assert.equal(body.exact, true);
  assert.equal(body.relativeError, 0);
  assert.equal(body.max, 10);
});

test('from and to (unix ms or ISO-8601) restrict the window', async () => {
  const iso = new Date(BASE_MS + 5000).toISOString();

  // exact: without it the store answers from its 10 s time buckets, a window around this one.
  const { body } = await getJson<StatsResult>(
    api(`/api/stats/GET%20%2Fcart?from=${BASE_MS}&to=${iso}&exact=true`),
  );

  assert.equal(body.count, 5);
  assert.equal(body.from, BASE_MS);
  assert.equal(body.to, BASE_MS + 5000);
});

test('a relative from (-5m) is taken from now: old spans fall outside', async () => {
  const { body } = await getJson<StatsResult>(api('/api/stats/GET%20%2Fcart?from=-5m'));

  assert.equal(body.count, 0);
});

test('a bad from is 400 naming the parameter', async () => {
  const { status, body } = await getJson(api('/api/stats/GET%20%2Fcart?from=yesterday'));

  assert.equal(status, 400);
  assert.equal(body.error.code, 'LT_INVALID_ARGUMENT');
  assert.match(body.error.message, /^from: /);
});

test('an unknown series is 404 LT_NOT_FOUND', async () => {
  const { status, body } = await getJson(api('/api/stats/nope'));

  assert.equal(status, 404);
  assert.equal(body.error.code, 'LT_NOT_FOUND');
});

test('a name in several services needs service: 400 LT_AMBIGUOUS without it', async () => {
  const ambiguous = await getJson(api('/api/stats/db.query'));
  const named = await getJson<StatsResult>(api('/api/stats/db.query?service=stock'));

  assert.equal(ambiguous.status, 400);
  assert.equal(ambiguous.body.error.code, 'LT_AMBIGUOUS');
  assert.equal(named.status, 200);
  assert.equal(named.body.count, 2);
});

test('GET /api/stats sorts by a numeric field, descending by default, and cuts at limit', async () => {
  const { status, body } = await getJson<{ stats: StatsResult[] }>(api('/api/stats?sort=max&limit=2'));

  assert.equal(status, 200);
  assert.deepEqual(
    body.stats.map((s) => [s.service, s.name]),
    [
      ['checkout', 'db.query'],
      ['stock', 'db.query'],
    ],
  );
});

test('GET /api/stats sorts by name ascending, order reverses, service filters', async () => {
  const byName = await getJson<{ stats: StatsResult[] }>(api('/api/stats?sort=name'));
  const reversed = await getJson<{ stats: StatsResult[] }>(api('/api/stats?sort=count&order=asc'));
  const stock = await getJson<{ stats: StatsResult[] }>(api('/api/stats?service=stock'));

  assert.deepEqual(
    byName.body.stats.map((s) => s.name),
    ['GET /cart', 'db.query', 'db.query'],
  );
  assert.deepEqual(
    reversed.body.stats.map((s) => s.count),
    [1, 2, 10],
  );
  assert.deepEqual(
    stock.body.stats.map((s) => [s.service, s.name]),
    [['stock', 'db.query']],
  );
});

test('GET /api/stats refuses an unknown sort field and a bad limit', async () => {
  const sort = await getJson(api('/api/stats?sort=color'));
  const limit = await getJson(api('/api/stats?limit=0'));

  assert.equal(sort.status, 400);
  assert.match(sort.body.error.message, /^sort: /);
  assert.equal(limit.status, 400);
  assert.match(limit.body.error.message, /^limit: /);
});
