import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testCollector } from '../support/collector.js';
import { laptime } from './run-cli.js';

test('load: paced steps up to the rate, each reported; the collector stores what was acknowledged', async () => {
  // Arrange
  const collector = await testCollector();
  try {
    // Act
    const r = await laptime([
      'load',
      '--url',
      collector.url,
      '--rate',
      '2000',
      '--ramp',
      '1s',
      '--duration',
      '1s',
      '--clients',
      '2',
      '--batch',
      '50',
      '--json',
    ]);

    // Assert
    assert.equal(r.code, 0, r.stderr);
    const steps = r.stdout
      .trimEnd()
      .split('\n')
      .map(
        (l) => JSON.parse(l) as { step: number; offeredRate: number; acknowledged: number; errors: number },
      );
    assert.deepEqual(
      steps.map((s) => s.step),
      [1, 2, 3, 4, 5, 6],
    );
    assert.equal(steps[5]!.offeredRate, 2000);
    assert.ok(steps.every((s) => s.errors === 0));
    const acknowledged = steps.reduce((n, s) => n + s.acknowledged * 50, 0);
    const stored = collector.store.series().reduce((n, s) => n + s.count, 0);
    assert.equal(stored, acknowledged);
    assert.match(r.stderr, /^laptime: throughput (followed|stopped following) the offered rate/);
  } finally {
    await collector.dispose();
  }
});

test('load without --url is a usage error', async () => {
  const r = await laptime(['load']);

  assert.equal(r.code, 2);
  assert.match(r.stderr, /required option '--url <url>'/);
});

test('load against a collector that is down: one line naming it, exit 1, no step table', async () => {
  const r = await laptime(['load', '--url', 'http://127.0.0.1:9', '--ramp', '1s', '--duration', '1s']);

  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(
    r.stderr,
    /^laptime: cannot reach the collector at http:\/\/127\.0\.0\.1:9: [^\n]+; nothing was sent\n$/,
  );
});
