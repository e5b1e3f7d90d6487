/**
 * GET /api/traces/:traceId after the stock OTLP exporters (JSON and protobuf) sent traces that
 * cross two services: every span of the trace, ordered by start, parent links intact.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TraceResponse } from './support/api-shapes.js';
import { contractFields, expectedSpan, hrTimeNs } from './support/expected-span.js';
import { ingestWorkload, type IngestedWorkload } from './support/ingested-workload.js';
import { getJson, getOk, type ApiError } from './support/rest.js';
import { PROTOCOLS } from './support/tracing-client.js';
import { CART_TRACES } from './support/workload.js';

for (const protocol of PROTOCOLS) {
  describe(`trace route after the stock ${protocol} exporter`, () => {
    let w: IngestedWorkload;

    before(async () => {
      w = await ingestWorkload(protocol);
    });
    after(() => w?.collector.stop());

    it('answers every span of each trace, ordered by start, with its parent in the trace', async () => {
      const traceIds = [
        ...new Set(w.sent.filter((s) => s.name === 'GET /cart').map((s) => s.spanContext().traceId)),
      ];
      assert.equal(traceIds.length, CART_TRACES);

      for (const traceId of traceIds) {
        const body = await getOk<TraceResponse>(w.collector.url, `/api/traces/${traceId}`);

        const sent = w.sent
          .filter((s) => s.spanContext().traceId === traceId)
          .sort((a, b) => Number(hrTimeNs(a.startTime) - hrTimeNs(b.startTime)));
        assert.equal(body.traceId, traceId);
        assert.deepStrictEqual(body.spans.map(contractFields), sent.map(expectedSpan));
        assert.deepEqual(
          body.spans.map((s) => `${s.service}/${s.name}`),
          [
            'checkout/GET /cart',
            'checkout/db.query',
            'checkout/GET inventory',
            'inventory/GET /items/:id',
            'inventory/db.query',
          ],
        );
        const [root, query, call, server, lookup] = body.spans;
        assert.equal(root!.parentSpanId, null);
        assert.equal(query!.parentSpanId, root!.spanId);
        assert.equal(call!.parentSpanId, root!.spanId);
        assert.equal(server!.parentSpanId, call!.spanId);
        assert.equal(lookup!.parentSpanId, server!.spanId);
      }
    });

    it('an unknown trace id is 404 LT_NOT_FOUND', async () => {
      const { status, body } = await getJson<ApiError>(w.collector.url, `/api/traces/${'ab'.repeat(16)}`);

      assert.equal(status, 404);
      assert.equal(body.error.code, 'LT_NOT_FOUND');
    });
  });
}
