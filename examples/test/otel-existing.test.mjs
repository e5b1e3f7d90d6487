// examples/otel-existing: an OpenTelemetry app that added LaptimeSpanExporter sends its spans to
// the collector, with their names, errors and parent/child links.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getJson, seriesCounts, startTestCollector } from './support/collector.mjs';
import { runNode } from './support/example-process.mjs';

const ORDERS = 20;
/** The app declines one order in ten. */
const DECLINED = 2;

describe('examples/otel-existing', () => {
  let collector;
  let run;

  before(async () => {
    collector = await startTestCollector();
    run = await runNode(['app.js', '--orders', String(ORDERS)], {
      cwd: new URL('../otel-existing/', import.meta.url),
      env: { LAPTIME_URL: collector.url },
    });
  });
  after(() => collector?.stop());

  it('runs to its end and says where the spans went', () => {
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`processed ${ORDERS} orders \\(${DECLINED} declined\\)`));
  });

  it("every span of every order arrives, under the app's own service name", async () => {
    assert.deepEqual(await seriesCounts(collector.url), {
      'orders/processOrder': ORDERS,
      'orders/validateOrder': ORDERS,
      'orders/reserveStock': ORDERS,
      'orders/chargeCard': ORDERS,
    });
  });

  it('declined orders are errors, and the steps of an order are children of its span', async () => {
    const charge = await getJson(collector.url, '/api/stats/chargeCard', { service: 'orders' });
    const { spans } = await getJson(collector.url, '/api/spans', { name: 'processOrder', limit: 1 });
    const trace = await getJson(collector.url, `/api/traces/${spans[0].traceId}`);

    assert.equal(charge.errors, DECLINED);
    const children = trace.spans.filter((span) => span.parentSpanId === spans[0].spanId).map((s) => s.name);
    assert.deepEqual(children.sort(), ['chargeCard', 'reserveStock', 'validateOrder']);
  });
});
