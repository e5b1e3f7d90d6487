// Latency of a step, as Laptime measured it: the system under test's server spans over the
// step's window, with percentiles computed exactly from the stored spans.
import { setTimeout as sleep } from 'node:timers/promises';

/** `service.name` of the system under test (sut.js). */
export const SUT_SERVICE = 'capacity-sut';

/** How long to wait for a step's spans to arrive in Laptime before reporting what is there. */
export const SPANS_WAIT_MS = 15_000;
const POLL_MS = 100;

/**
 * Per route (the server spans, named `POST /...`): count, errors and p50/p95/p99 in ms of the
 * spans that started in the step's [from, to] (unix ms), from the collector's REST API.
 *
 * The exporter sends in the background, so the step's spans may still be on their way: this asks
 * again until the routes count `expectedSpans` in all, or SPANS_WAIT_MS passed (then the counts
 * show what is missing).
 */
export async function stepLatency(collectorUrl, { from, to }, expectedSpans) {
  const deadline = Date.now() + SPANS_WAIT_MS;
  for (;;) {
    const routes = await routeStats(collectorUrl, from, to);
    const stored = routes.reduce((sum, route) => sum + route.count, 0);
    if (stored >= expectedSpans || Date.now() > deadline) return routes;
    await sleep(POLL_MS);
  }
}

async function routeStats(collectorUrl, from, to) {
  const query = new URLSearchParams({
    service: SUT_SERVICE,
    from: String(from),
    // The window's end is exclusive; the step's last span may have started in its last millisecond.
    to: String(to + 1),
    exact: 'true',
  });
  const res = await fetch(new URL(`/api/stats?${query}`, collectorUrl));
  if (!res.ok) throw new Error(`GET /api/stats answered ${res.status}: ${await res.text()}`);
  const { stats } = await res.json();
  return stats
    .filter((s) => s.name.startsWith('POST /'))
    .map(({ name, count, errors, p50, p95, p99 }) => ({ name, count, errors, p50, p95, p99 }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
