// examples/express-capture: the routes' server spans (auto-instrumentation) and the helpers' spans
// (capture()) arrive in the collector, the helpers' as descendants of their request's span.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getJson, seriesCounts, startTestCollector } from './support/collector.mjs';
import { runNode } from './support/example-process.mjs';

/** How long the app serves its own traffic before it stops. */
const DURATION_MS = 2_500;
const ROUTES = ['GET /cart/:userId', 'GET /search', 'POST /checkout/:userId'];
const HELPERS = ['loadCart', 'priceItems', 'searchCatalog', 'chargeCard'];

describe('examples/express-capture', () => {
  let collector;
  let run;

  before(async () => {
    collector = await startTestCollector();
    run = await runNode(['--import', './tracing.js', 'app.js'], {
      cwd: new URL('../express-capture/', import.meta.url),
      env: { LAPTIME_URL: collector.url, PORT: '0', EXAMPLE_DURATION_MS: String(DURATION_MS) },
    });
  });
  after(() => collector?.stop());

  it('serves its traffic, stops on its own and flushes', () => {
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /shop listening on http:\/\/127\.0\.0\.1:\d+/);
    assert.match(run.stdout, /answers by status: \{ '200': \d+/);
    assert.match(run.stdout, /^stopped$/m);
  });

  it('each route is a series named after its route, each helper a series named after the function', async () => {
    const counts = await seriesCounts(collector.url);

    for (const name of [...ROUTES, ...HELPERS.filter((h) => h !== 'chargeCard')]) {
      assert.ok(counts[`shop/${name}`] > 0, `no spans of ${name} in ${JSON.stringify(counts)}`);
    }
    // No client spans: the traffic driver's fetch calls are not traced.
    assert.deepEqual(
      Object.keys(counts).filter((key) => /^shop\/(GET|POST)$/.test(key)),
      [],
    );
  });

  it("a helper's span belongs to the trace of its request, below the route's server span", async () => {
    const { spans } = await getJson(collector.url, '/api/spans', {
      name: 'priceItems',
      service: 'shop',
      limit: 5,
    });
    assert.ok(spans.length > 0);

    for (const helper of spans) {
      const { spans: trace } = await getJson(collector.url, `/api/traces/${helper.traceId}`);
      const byId = new Map(trace.map((span) => [span.spanId, span]));
      let root = helper;
      while (root.parentSpanId !== null) {
        root =
          byId.get(root.parentSpanId) ?? assert.fail(`parent ${root.parentSpanId} missing from the trace`);
      }
      assert.equal(root.kind, 'server');
      assert.ok(['GET /cart/:userId', 'POST /checkout/:userId'].includes(root.name), root.name);
      // priceItems runs after loadCart in the same request.
      assert.ok(trace.some((span) => span.name === 'loadCart'));
    }
  });
});
