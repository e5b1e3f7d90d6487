import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { testCollector, type TestCollector } from './support/collector.js';
import { getJson } from './support/http.js';

let collector: TestCollector;

before(async () => {
  collector = await testCollector();
});
after(() => collector.dispose());

test('an unknown route is 404 LT_NOT_FOUND in the JSON error shape', async () => {
  const { status, body } = await getJson(`${collector.url}/api/nothing`);

  assert.equal(status, 404);
  assert.equal(body.error.code, 'LT_NOT_FOUND');
  assert.equal(typeof body.error.message, 'string');
});

test('responses do not advertise express', async () => {
  const res = await fetch(`${collector.url}/healthz`);

  assert.equal(res.headers.get('x-powered-by'), null);
  await res.arrayBuffer();
});

test('a malformed URL escape is a 400, never a stack trace', async () => {
  const res = await fetch(`${collector.url}/api/spans/%E0%A4%A`);
  const text = await res.text();

  assert.equal(res.status, 400);
  assert.doesNotMatch(text, /at .*\.(ts|js):\d+/);
  assert.equal((JSON.parse(text) as { error: { code: string } }).error.code, 'LT_BAD_REQUEST');
});

test('GET / is a page that links the stats and the metrics', async () => {
  const res = await fetch(`${collector.url}/`);
  const html = await res.text();

  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(html, /href="api\/stats"/);
  assert.match(html, /href="metrics"/);
});

test('GET /readyz is 200 while the store takes spans', async () => {
  const { status, body } = await getJson<{ status: string }>(`${collector.url}/readyz`);

  assert.equal(status, 200);
  assert.equal(body.status, 'ready');
});
