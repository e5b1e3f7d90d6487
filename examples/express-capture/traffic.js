// A traffic driver: a few simulated shoppers calling the shop's routes in a realistic mix.
//
// It uses fetch, which instrumentation-http does not trace, so the driver's own requests add no
// spans: what Laptime shows is the shop's side only.
import { setTimeout as sleep } from 'node:timers/promises';

/** Simulated shoppers sending at the same time. */
const SHOPPERS = 4;
/** Pause of a shopper between two requests, at most. */
const MAX_PAUSE_MS = 100;
/** A request not answered within this is abandoned (and counted as failed). */
const REQUEST_TIMEOUT_MS = 10_000;

/** The mix: [weight, method, path of a user]. */
const MIX = [
  [50, 'GET', (user) => `/cart/${user}`],
  [25, 'GET', () => `/search?q=${Math.floor(Math.random() * 50)}`],
  [15, 'POST', (user) => `/checkout/${user}`],
  [10, 'GET', () => `/cart/ghost`], // an unknown user: 404
];
const TOTAL_WEIGHT = MIX.reduce((sum, [weight]) => sum + weight, 0);

function pick() {
  let r = Math.random() * TOTAL_WEIGHT;
  for (const entry of MIX) {
    r -= entry[0];
    if (r < 0) return entry;
  }
  return MIX[0];
}

/**
 * Sends requests to `baseUrl` until `signal` aborts. Resolves with the number of answers by
 * status (`failed`: no answer).
 */
export async function driveTraffic(baseUrl, signal) {
  const answers = {};
  const count = (key) => (answers[key] = (answers[key] ?? 0) + 1);
  const shopper = async (n) => {
    while (!signal.aborted) {
      const [, method, path] = pick();
      try {
        const res = await fetch(new URL(path(`user-${n}-${Math.floor(Math.random() * 100)}`), baseUrl), {
          method,
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        await res.arrayBuffer();
        count(res.status);
      } catch {
        count('failed');
      }
      await sleep(Math.random() * MAX_PAUSE_MS);
    }
  };
  await Promise.all(Array.from({ length: SHOPPERS }, (_, n) => shopper(n)));
  return answers;
}
