import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { testCollector, type TestCollector } from '../support/collector.js';
import { sendWorkload, type Workload } from './tempo-workload.js';

const TOKEN = 'grafana-token';
let collector: TestCollector;
let w: Workload;

before(async () => {
  collector = await testCollector({ token: TOKEN });
  w = await sendWorkload(collector.url, Date.now(), { authorization: `Bearer ${TOKEN}` });
});
after(() => collector.dispose());

/** Every route this issue adds, as Grafana and the Jaeger UI call them. */
function routes(): string[] {
  return [
    '/tempo/api/echo',
    '/tempo/api/status/buildinfo',
    `/tempo/api/traces/${w.cart}`,
    `/tempo/api/v2/traces/${w.cart}`,
    '/tempo/api/search?q=%7B%7D',
    '/tempo/api/search/tags',
    '/tempo/api/v2/search/tags',
    '/tempo/api/search/tag/region/values',
    '/tempo/api/v2/search/tag/resource.region/values',
    '/tempo/api/metrics/query_range?q=%7B%7D%20%7C%20rate()',
    '/jaeger/api/services',
    '/jaeger/api/services/checkout/operations',
    '/jaeger/api/operations?service=checkout',
    '/jaeger/api/traces?service=checkout',
    `/jaeger/api/traces/${w.cart}`,
    '/jaeger/api/dependencies',
    `/api/traces/${w.cart}?format=otlp`,
    '/api/spans/0?format=otlp',
  ];
}

test('with LAPTIME_TOKEN set, every Tempo, Jaeger and OTLP read route needs the token', async () => {
  for (const path of routes()) {
    const none = await fetch(`${collector.url}${path}`);
    const wrong = await fetch(`${collector.url}${path}`, { headers: { authorization: 'Bearer nope' } });
    const right = await fetch(`${collector.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(none.status, 401, path);
    assert.equal(wrong.status, 401, path);
    assert.equal(right.status, 200, path);
    await Promise.all([none.arrayBuffer(), wrong.arrayBuffer(), right.arrayBuffer()]);
  }
});
