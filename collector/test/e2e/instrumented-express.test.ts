/**
 * A real express app, auto-instrumented with instrumentation-http and instrumentation-express and
 * exporting with the stock OTLP protobuf exporter from its own process, serves real requests:
 * its routes show up in the collector as series with the right counts, errors and traces.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NamesResponse, SpanJson, StatsJson, TraceResponse } from './support/api-shapes.js';
import { allPages } from './support/paging.js';
import { getOk, segment } from './support/rest.js';
import { startShop, type ShopProcess } from './support/shop-process.js';
import { startTestCollector, type TestCollector } from './support/test-collector.js';

const SERVICE = 'shop';
/** Requests the test sends, by route. */
const CART_REQUESTS = 20;
const ITEM_REQUESTS = 5;
const FAIL_REQUESTS = 2;

describe('an auto-instrumented express app exporting to the collector', () => {
  let collector: TestCollector | undefined;
  let shop: ShopProcess | undefined;
  let url: string;

  before(async () => {
    collector = await startTestCollector();
    url = collector.url;
    shop = await startShop(url, SERVICE);
    const get = async (path: string): Promise<number> => (await fetch(new URL(path, shop!.url))).status;
    for (let i = 0; i < CART_REQUESTS; i++) assert.equal(await get('/cart'), 200);
    for (let i = 0; i < ITEM_REQUESTS; i++) assert.equal(await get(`/items/${i}`), 200);
    for (let i = 0; i < FAIL_REQUESTS; i++) assert.equal(await get('/fail'), 500);
    await shop.flush();
  });
  after(async () => {
    try {
      await shop?.stop();
    } finally {
      await collector?.stop();
    }
  });

  it('each route is a series of server spans named "METHOD route", with its count', async () => {
    const { series } = await getOk<NamesResponse>(url, '/api/names');

    const all = CART_REQUESTS + ITEM_REQUESTS + FAIL_REQUESTS;
    // No "POST" series: the exporter's own requests to the collector are not traced.
    assert.deepEqual(series.map(({ service, name, count }) => `${service}/${name}: ${count}`).sort(), [
      `${SERVICE}/GET /cart: ${CART_REQUESTS}`,
      `${SERVICE}/GET /fail: ${FAIL_REQUESTS}`,
      `${SERVICE}/GET /items/:id: ${ITEM_REQUESTS}`,
      // instrumentation-express's span around each route handler.
      `${SERVICE}/request handler: ${all}`,
    ]);
  });

  it('stats of a route count its requests and its failures', async () => {
    const cart = await getOk<StatsJson>(url, `/api/stats/${segment('GET /cart')}`, { service: SERVICE });
    const fail = await getOk<StatsJson>(url, `/api/stats/${segment('GET /fail')}`, { service: SERVICE });

    assert.equal(cart.count, CART_REQUESTS);
    assert.equal(cart.errors, 0);
    assert.ok(cart.min > 0 && cart.min <= cart.p50 && cart.p50 <= cart.max);
    assert.equal(fail.count, FAIL_REQUESTS);
    assert.equal(fail.errors, FAIL_REQUESTS);
  });

  it('server spans carry the route and the HTTP status as attributes', async () => {
    const items = (await allPages(url, { name: 'GET /items/:id', service: SERVICE })).flat();

    assert.equal(items.length, ITEM_REQUESTS);
    for (const span of items) {
      assert.equal(span.kind, 'server');
      assert.equal(span.attributes['http.route'], '/items/:id');
      assert.equal(statusCodeOf(span), 200);
      assert.equal(span.resource['service.name'], SERVICE);
      assert.equal(span.scope.name, '@opentelemetry/instrumentation-http');
    }
  });

  it('a request is one trace: the server span is the root, express spans are its children', async () => {
    const [cart] = (await allPages(url, { name: 'GET /cart', limit: 1 }))[0]!;

    const trace = await getOk<TraceResponse>(url, `/api/traces/${cart!.traceId}`);

    const [root, ...children] = trace.spans;
    assert.equal(root!.spanId, cart!.spanId);
    assert.equal(root!.parentSpanId, null);
    assert.ok(children.length > 0, 'express added spans of its own');
    const inTrace = new Set(trace.spans.map((s) => s.spanId));
    for (const child of children) {
      assert.ok(inTrace.has(child.parentSpanId!), `${child.name} has its parent in the trace`);
      assert.equal(child.scope.name, '@opentelemetry/instrumentation-express');
      assert.ok(BigInt(child.startTimeUnixNano) >= BigInt(root!.startTimeUnixNano));
    }
  });
});

/** The response status code, under the stable or the older semantic-convention key. */
function statusCodeOf(span: SpanJson): unknown {
  return span.attributes['http.response.status_code'] ?? span.attributes['http.status_code'];
}
