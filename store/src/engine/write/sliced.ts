import { setImmediate as nextTurn } from 'node:timers/promises';

/** Longest run of work between two turns of the event loop, in ms. */
export const SLICE_BUDGET_MS = 4;

/**
 * Runs a stepwise computation (a generator that yields between small steps) in slices of about
 * {@link SLICE_BUDGET_MS}, giving the event loop a turn between slices; resolves to its result.
 */
export async function runSliced<T>(steps: Generator<void, T, undefined>): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done === true) return r.value;
    if (performance.now() - sliceStart >= SLICE_BUDGET_MS) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
}
