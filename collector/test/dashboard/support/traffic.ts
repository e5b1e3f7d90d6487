/** A small workload for the dashboard: two services, three series, traces with parent and child. */
import { BASE_MS, freshId, type TestSpan } from '../../support/spans.js';

/** Requests to GET /cart; each has a db.query child. */
export const CART_REQUESTS = 40;
export const COMPUTE_SPANS = 12;
/** Every tenth cart request fails. */
export const CART_ERRORS = CART_REQUESTS / 10;

export function dashboardTraffic(): TestSpan[] {
  const spans: TestSpan[] = [];
  for (let i = 0; i < CART_REQUESTS; i++) {
    const traceId = freshId(16);
    const rootId = freshId(8);
    const startMs = BASE_MS + i * 15_000;
    const durationMs = 5 + ((i * 37) % 90);
    spans.push(
      {
        name: 'GET /cart',
        service: 'checkout',
        traceId,
        spanId: rootId,
        startMs,
        durationMs,
        status: i % 10 === 9 ? 2 : 1,
        attributes: { 'http.route': '/cart', 'http.status_code': i % 10 === 9 ? 500 : 200 },
      },
      {
        name: 'db.query',
        service: 'checkout',
        traceId,
        parentSpanId: rootId,
        startMs: startMs + 1,
        durationMs: durationMs / 2,
        kind: 3,
        attributes: { 'db.statement': 'SELECT * FROM cart' },
      },
    );
  }
  for (let i = 0; i < COMPUTE_SPANS; i++) {
    spans.push({ name: 'compute', service: 'pricing', startMs: BASE_MS + i * 20_000, durationMs: 1 + i });
  }
  return spans;
}
