import { capture } from '../../src/capture/capture.js';
import { sleep } from './tracing.js';

/** How many times each captured function of the workload runs. */
export const NAPS = 5;
export const FAILURES = 3;
/** What `nap` sleeps; its spans' mean must come out near this. */
export const NAP_MS = 50;

export class CheckoutError extends Error {}

/**
 * The same captured calls for the collector and the embedded end-to-end tests: sleeps of 50 ms,
 * failures, and nested async calls. Capture happens at call time, after tracing is registered.
 */
export async function runWorkload(): Promise<{ rethrown: unknown[] }> {
  const nap = capture(async function nap() {
    await sleep(NAP_MS);
  });
  const failing = capture(function failing(n: number) {
    throw new CheckoutError(`card ${n} declined`);
  });
  const inner = capture(async function inner() {
    await sleep(1);
  });
  const outer = capture(async function outer() {
    await inner();
    await inner();
  });

  for (let i = 0; i < NAPS; i++) await nap();
  const rethrown: unknown[] = [];
  for (let i = 0; i < FAILURES; i++) {
    try {
      failing(i);
    } catch (err) {
      rethrown.push(err);
    }
  }
  await outer();
  return { rethrown };
}
