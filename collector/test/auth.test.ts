import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { testCollector, type TestCollector } from './support/collector.js';
import { PROTOBUF, getJson, postTraces, sendSpans } from './support/http.js';
import { protobufBody } from './support/spans.js';

const TOKEN = 's3cret-token';
let collector: TestCollector;

before(async () => {
  collector = await testCollector({ token: TOKEN });
});
after(() => collector.dispose());

test('without a token a route is 401 LT_UNAUTHORIZED with WWW-Authenticate: Bearer', async () => {
  const { status, headers, body } = await getJson(`${collector.url}/api/names`);

  assert.equal(status, 401);
  assert.match(headers.get('www-authenticate') ?? '', /^Bearer/);
  assert.equal(body.error.code, 'LT_UNAUTHORIZED');
});

test('a wrong token is 401, also for ingest and metrics', async () => {
  const wrong = { authorization: 'Bearer s3cret-tokem' };

  const api = await getJson(`${collector.url}/api/stats`, wrong);
  const metrics = await fetch(`${collector.url}/metrics`, { headers: wrong });
  const ingest = await postTraces(collector.url, protobufBody([{ name: 'x' }]), {
    'content-type': PROTOBUF,
    ...wrong,
  });

  assert.equal(api.status, 401);
  assert.equal(metrics.status, 401);
  assert.equal(ingest.status, 401);
  await Promise.all([metrics.arrayBuffer(), ingest.arrayBuffer()]);
});

test('the right token opens every route', async () => {
  await sendSpans(collector.url, [{ name: 'authorized' }], { token: TOKEN });

  const { status, body } = await getJson<{ series: { name: string }[] }>(`${collector.url}/api/names`, {
    authorization: `Bearer ${TOKEN}`,
  });

  assert.equal(status, 200);
  assert.deepEqual(
    body.series.map((s) => s.name),
    ['authorized'],
  );
});

test('health probes need no token', async () => {
  const health = await getJson<{ status: string }>(`${collector.url}/healthz`);
  const ready = await getJson<{ status: string }>(`${collector.url}/readyz`);

  assert.deepEqual([health.status, health.body.status], [200, 'ok']);
  assert.equal(ready.status, 200);
});
