import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isEnabled } from '../../src/capture/enabled.js';
import { exited, runSupportScript, waitForOutput } from '../support/child-process.js';

test('LAPTIME_ENABLED: "false" and "0" (any case, spaces ignored) turn capture off; anything else keeps it on', () => {
  for (const off of ['false', '0', 'FALSE', ' False '])
    assert.equal(isEnabled({ LAPTIME_ENABLED: off }), false, off);
  for (const on of [undefined, '', 'true', '1', 'yes'])
    assert.equal(isEnabled({ LAPTIME_ENABLED: on }), true, on);
});

for (const value of ['false', '0']) {
  test(`with LAPTIME_ENABLED=${value}, capture returns the very function given and records nothing`, async () => {
    const child = runSupportScript('capture-disabled', [], { LAPTIME_ENABLED: value });

    const out = await waitForOutput(child, '}');
    await exited(child);

    assert.deepEqual(JSON.parse(out), {
      sameFunction: true,
      sameNamed: true,
      sameFromOptions: true,
      sameMethod: true,
      results: [4, 3],
      spans: 0,
    });
  });
}
