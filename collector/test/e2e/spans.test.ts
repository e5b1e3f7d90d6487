/**
 * Span listing and fetch routes after the stock OTLP exporters (JSON and protobuf) sent a known
 * workload: /api/spans (filters, order, paging with the cursor) and /api/spans/:index.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { SpanJson, SpansPage } from './support/api-shapes.js';
import { contractFields, durationMs, expectedSpan, serviceOf, startMs } from './support/expected-span.js';
import { ingestWorkload, type IngestedWorkload } from './support/ingested-workload.js';
import { allPages } from './support/paging.js';
import { getJson, getOk, type ApiError } from './support/rest.js';
import { PROTOCOLS } from './support/tracing-client.js';
import { PRICING_GAP_MS, PRICING_OFFSET_MS, SLOT_BUSY_MS, WORKLOAD_SPANS } from './support/workload.js';

/** Default and largest page size (API.md). */
const DEFAULT_LIMIT = 100;
/** A threshold between whole-ms durations, so `>=` and `>` select alike. */
const MIN_DURATION_MS = 120.5;

for (const protocol of PROTOCOLS) {
  describe(`span routes after the stock ${protocol} exporter`, () => {
    let w: IngestedWorkload;
    let url: string;

    before(async () => {
      w = await ingestWorkload(protocol);
      url = w.collector.url;
    });
    after(() => w?.collector.stop());

    /** Asserts that `spans` are exactly the sent spans matching `keep`, in ascending index order. */
    function assertSelects(spans: SpanJson[], keep: (s: ReadableSpan) => boolean): void {
      assertAscending(spans);
      assert.deepEqual(
        sortedIds(spans),
        w.sent
          .filter(keep)
          .map((s) => s.spanContext().spanId)
          .sort(),
      );
    }

    it('pages through every span with the cursor, each as sent', async () => {
      const pages = await allPages(url, { limit: 50 });

      assert.deepEqual(
        pages.map((p) => p.length),
        [50, 50, 50, 50, 10],
      );
      const spans = pages.flat();
      assert.deepEqual(
        spans.map((s) => s.index),
        [...Array(WORKLOAD_SPANS).keys()],
      );
      const sent = new Map(w.sent.map((s) => [s.spanContext().spanId, expectedSpan(s)]));
      for (const span of spans)
        assert.deepStrictEqual(contractFields(span), sent.get(span.spanId), span.name);
      assert.equal(new Set(spans.map((s) => s.spanId)).size, WORKLOAD_SPANS);
    });

    it('a listing without `limit` has 100 spans and a cursor', async () => {
      const page = await getOk<SpansPage>(url, '/api/spans');

      assert.equal(page.spans.length, DEFAULT_LIMIT);
      assert.notEqual(page.next, null);
    });

    it('order=desc lists from the newest index down', async () => {
      const pages = await allPages(url, { order: 'desc', limit: 80 });

      assert.deepEqual(
        pages.flat().map((s) => s.index),
        [...Array(WORKLOAD_SPANS).keys()].reverse(),
      );
    });

    it('/api/spans/:index answers the span the listing shows; past the end is 404', async () => {
      const listed = (await allPages(url, { limit: 1000 })).flat();

      for (const span of listed)
        assert.deepStrictEqual(await getOk<SpanJson>(url, `/api/spans/${span.index}`), span);
      const past = await getJson<ApiError>(url, `/api/spans/${WORKLOAD_SPANS}`);
      assert.equal(past.status, 404);
      assert.equal(past.body.error.code, 'LT_NOT_FOUND');
    });

    it('filters by name, and by name and service', async () => {
      const byName = (await allPages(url, { name: 'db.query' })).flat();
      const byBoth = (await allPages(url, { name: 'db.query', service: 'inventory' })).flat();
      const byService = (await allPages(url, { service: 'inventory' })).flat();

      assertSelects(byName, (s) => s.name === 'db.query');
      assertSelects(byBoth, (s) => s.name === 'db.query' && serviceOf(s) === 'inventory');
      assertSelects(byService, (s) => serviceOf(s) === 'inventory');
    });

    it('filters by trace id, status and minimum duration', async () => {
      const traceId = w.sent.find((s) => s.name === 'GET /cart')!.spanContext().traceId;

      const byTrace = (await allPages(url, { traceId })).flat();
      const errors = (await allPages(url, { status: 'error' })).flat();
      const slow = (await allPages(url, { minDuration: MIN_DURATION_MS })).flat();

      assertSelects(byTrace, (s) => s.spanContext().traceId === traceId);
      assert.equal(byTrace.length, 5);
      assertSelects(errors, (s) => s.status.code === SpanStatusCode.ERROR);
      assert.equal(errors.length, 5);
      assertSelects(slow, (s) => durationMs(s) >= MIN_DURATION_MS);
      assert.equal(slow.length, 30);
    });

    it('filters by a from/to window in unix ms and in ISO-8601', async () => {
      // Both bounds fall in gaps where no span runs, so "starts in" and "overlaps" agree.
      const from = w.baseMs + PRICING_OFFSET_MS - PRICING_GAP_MS;
      const to = w.baseMs + PRICING_OFFSET_MS + 10 * PRICING_GAP_MS - (PRICING_GAP_MS - SLOT_BUSY_MS) / 2;
      const inWindow = (s: ReadableSpan): boolean => startMs(s) >= from && startMs(s) < to;

      const byMs = (await allPages(url, { from, to })).flat();
      const byIso = (
        await allPages(url, { from: new Date(from).toISOString(), to: new Date(to).toISOString() })
      ).flat();
      const untilTo = (await allPages(url, { to })).flat();

      assertSelects(byMs, inWindow);
      assert.equal(byMs.length, 10);
      assert.deepEqual(byIso, byMs);
      assertSelects(untilTo, (s) => startMs(s) < to);
    });

    it('pages a filtered listing with the cursor', async () => {
      const pages = await allPages(url, { name: 'pricing.compute', limit: 40 });

      assert.deepEqual(
        pages.map((p) => p.length),
        [40, 40, 40, 30],
      );
      assertSelects(pages.flat(), (s) => s.name === 'pricing.compute');
    });
  });
}

function sortedIds(spans: SpanJson[]): string[] {
  return spans.map((s) => s.spanId).sort();
}

function assertAscending(spans: SpanJson[]): void {
  for (let i = 1; i < spans.length; i++)
    assert.ok(spans[i]!.index > spans[i - 1]!.index, 'indexes not ascending');
}
