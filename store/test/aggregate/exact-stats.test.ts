import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exactStats } from '../../src/aggregate/exact-stats.js';

const base = {
  service: 'api',
  name: 'GET /',
  errors: 0,
  firstSeen: 1000,
  lastSeen: 1000,
  from: null,
  to: null,
};

test('exact stats of known durations, in ms, with the lower-rank quantiles', () => {
  const durationsNs = Float64Array.from({ length: 1000 }, (_, i) => (1000 - i) * 1e6); // 1..1000 ms, reversed

  const s = exactStats({ ...base, durationsNs, errors: 10, firstSeen: 0, lastSeen: 10_000 });

  assert.equal(s.count, 1000);
  assert.equal(s.errorRate, 0.01);
  assert.equal(s.min, 1);
  assert.equal(s.max, 1000);
  assert.equal(s.mean, 500.5);
  assert.equal(s.p50, 500); // index floor(0.5 * 999) = 499 -> 500 ms
  assert.equal(s.p99, 990);
  assert.equal(s.p999, 999);
  assert.ok(Math.abs(s.stddev - Math.sqrt((1000 * 1001) / 12)) < 1e-9);
  assert.equal(s.rate, 100); // 1000 spans over 10 s
  assert.deepEqual([s.exact, s.relativeError], [true, 0]);
  assert.equal(durationsNs[0], 1000e6, 'the input is not sorted in place');
});

test('the rate is over the window when given, and over at least one second', () => {
  const durationsNs = new Float64Array([1, 2, 3]);

  const windowed = exactStats({ ...base, durationsNs, from: 0, to: 60_000 });
  const burst = exactStats({ ...base, durationsNs });

  assert.equal(windowed.rate, 3 / 60);
  assert.equal(burst.rate, 3);
});

test('no spans: zeros and null times', () => {
  const s = exactStats({ ...base, durationsNs: new Float64Array(0), firstSeen: null, lastSeen: null });

  assert.equal(s.count, 0);
  assert.deepEqual([s.mean, s.p99, s.rate, s.errorRate], [0, 0, 0, 0]);
  assert.equal(s.firstSeen, null);
});
