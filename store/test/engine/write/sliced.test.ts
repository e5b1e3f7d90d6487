import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SLICE_BUDGET_MS, runSliced } from '../../../src/engine/write/sliced.js';

function* busySteps(steps: number, stepMs: number): Generator<void, string, undefined> {
  for (let i = 0; i < steps; i++) {
    const until = performance.now() + stepMs;
    while (performance.now() < until);
    yield;
  }
  return 'done';
}

test('runSliced returns the result and lets the event loop run between slices', async () => {
  // Arrange: 40 steps of 1 ms, and a timer that counts the turns it gets meanwhile.
  let turns = 0;
  const tick = setInterval(() => turns++, 0);

  // Act
  const result = await runSliced(busySteps(40, 1));
  clearInterval(tick);

  // Assert: about 40 / SLICE_BUDGET_MS slices, each followed by a turn of the loop.
  assert.equal(result, 'done');
  assert.ok(turns >= Math.floor(40 / SLICE_BUDGET_MS / 2), `${turns} turns`);
});

test('runSliced runs a quick computation in one go', async () => {
  assert.equal(await runSliced(busySteps(0, 0)), 'done');
});
