/**
 * Series and statistics routes after the stock OTLP exporters (JSON and protobuf) sent a known
 * workload from two services: /api/names, /api/stats, /api/stats/:name.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiError } from './support/rest.js';
import { getJson, getOk, segment } from './support/rest.js';
import type { NamesResponse, StatsJson, StatsListResponse } from './support/api-shapes.js';
import { assertStats, storeLifetimeMs } from './support/assert-stats.js';
import { expectedSeries, seriesKey, type ExpectedSeries } from './support/expected-stats.js';
import { ingestWorkload, type IngestedWorkload } from './support/ingested-workload.js';
import { PROTOCOLS } from './support/tracing-client.js';
import { CART_TRACES, PRICING_SPANS, WORKLOAD_SPANS } from './support/workload.js';

for (const protocol of PROTOCOLS) {
  describe(`series and stats after the stock ${protocol} exporter`, () => {
    let w: IngestedWorkload;
    let url: string;
    let series: Map<string, ExpectedSeries>;
    const expected = (service: string, name: string): ExpectedSeries => series.get(seriesKey(service, name))!;

    before(async () => {
      w = await ingestWorkload(protocol);
      url = w.collector.url;
      series = expectedSeries(w.sent);
    });
    after(() => w?.collector.stop());

    it('the SDK exported the whole workload', () => {
      assert.equal(w.sent.length, WORKLOAD_SPANS);
      assert.equal(series.size, 6);
    });

    it('/api/names lists every series of both services with its count', async () => {
      const body = await getOk<NamesResponse>(url, '/api/names');

      const byKey = (a: { service: string; name: string }, b: { service: string; name: string }): number =>
        seriesKey(a.service, a.name).localeCompare(seriesKey(b.service, b.name));
      const want = [...series.values()].map(({ service, name, count }) => ({ service, name, count }));
      assert.deepEqual(
        body.series.map(({ service, name, count }) => ({ service, name, count })).sort(byKey),
        want.sort(byKey),
      );
      assert.equal(expected('checkout', 'pricing.compute').count, PRICING_SPANS);
      assert.equal(expected('inventory', 'db.query').count, CART_TRACES);
    });

    it('/api/stats has the lifetime stats of every series', async () => {
      const body = await getOk<StatsListResponse>(url, '/api/stats');

      assert.equal(body.stats.length, series.size);
      for (const s of body.stats)
        assertStats(s, expected(s.service, s.name), false, storeLifetimeMs(series.values()));
    });

    it('/api/stats?service= keeps one service', async () => {
      const body = await getOk<StatsListResponse>(url, '/api/stats', { service: 'inventory' });

      assert.deepEqual(body.stats.map((s) => s.name).sort(), ['GET /items/:id', 'db.query']);
      for (const s of body.stats)
        assertStats(s, expected('inventory', s.name), false, storeLifetimeMs(series.values()));
    });

    it('/api/stats sorts by the field asked for and keeps `limit` series', async () => {
      const byCount = await getOk<StatsListResponse>(url, '/api/stats', {
        sort: 'count',
        order: 'desc',
        limit: 3,
      });
      const byP99 = await getOk<StatsListResponse>(url, '/api/stats', { sort: 'p99', order: 'asc' });
      const byErrors = await getOk<StatsListResponse>(url, '/api/stats', { sort: 'errors', order: 'desc' });

      assert.equal(byCount.stats.length, 3);
      assert.equal(byCount.stats[0]!.name, 'pricing.compute');
      assertNonIncreasing(byCount.stats.map((s) => s.count));
      assertNonIncreasing(byP99.stats.map((s) => -s.p99));
      assert.equal(byP99.stats.length, series.size);
      assert.deepEqual(
        byErrors.stats.slice(0, 2).map((s) => [s.service, s.name, s.errors]),
        [
          ['checkout', 'GET /cart', 3],
          ['inventory', 'GET /items/:id', 2],
        ],
      );
    });

    it('/api/stats/:name answers one series, a name with a slash included', async () => {
      const cart = await getOk<StatsJson>(url, `/api/stats/${segment('GET /cart')}`);
      const lookup = await getOk<StatsJson>(url, '/api/stats/db.query', { service: 'inventory' });

      assertStats(cart, expected('checkout', 'GET /cart'), false, storeLifetimeMs(series.values()));
      assertStats(lookup, expected('inventory', 'db.query'), false, storeLifetimeMs(series.values()));
    });

    it('/api/stats/:name?exact=true has exact percentiles', async () => {
      const pricing = await getOk<StatsJson>(url, '/api/stats/pricing.compute', { exact: 'true' });
      const items = await getOk<StatsJson>(url, `/api/stats/${segment('GET /items/:id')}`, {
        service: 'inventory',
        exact: 'true',
      });

      assertStats(pricing, expected('checkout', 'pricing.compute'), true, storeLifetimeMs(series.values()));
      assertStats(items, expected('inventory', 'GET /items/:id'), true, storeLifetimeMs(series.values()));
    });

    it('/api/stats/:name of a name two services share needs `service`', async () => {
      const { status, body } = await getJson<ApiError>(url, '/api/stats/db.query');

      assert.equal(status, 400);
      assert.equal(body.error.code, 'LT_AMBIGUOUS');
    });

    it('/api/stats/:name of an unknown series is 404 LT_NOT_FOUND', async () => {
      const unknownName = await getJson<ApiError>(url, '/api/stats/no.such.span');
      const wrongService = await getJson<ApiError>(url, '/api/stats/pricing.compute', {
        service: 'inventory',
      });

      for (const { status, body } of [unknownName, wrongService]) {
        assert.equal(status, 404);
        assert.equal(body.error.code, 'LT_NOT_FOUND');
      }
    });
  });
}

function assertNonIncreasing(values: number[]): void {
  for (let i = 1; i < values.length; i++)
    assert.ok(values[i]! <= values[i - 1]!, `not sorted: ${values.join(', ')}`);
}
