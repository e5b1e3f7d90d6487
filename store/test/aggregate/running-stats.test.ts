import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ByteReader, ByteWriter } from '../../src/sketch/bytes.js';
import { RunningStats } from '../../src/aggregate/running-stats.js';
import { propertySeed, Random } from '../sketch/seed.js';

function statsOf(values: readonly number[], errorsEvery = 0): RunningStats {
  const s = new RunningStats();
  values.forEach((v, i) => s.add(v, errorsEvery > 0 && i % errorsEvery === 0));
  return s;
}

/** Mean and sample variance by two passes: the reference. */
function twoPass(values: readonly number[]): { mean: number; variance: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const ss = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  return { mean, variance: ss / (values.length - 1) };
}

/** The one-pass textbook formula E[x^2] - E[x]^2, which cancels catastrophically. */
function naiveOnePassVariance(values: readonly number[]): number {
  let sum = 0;
  let sumSq = 0;
  for (const v of values) {
    sum += v;
    sumSq += v * v;
  }
  const n = values.length;
  return (sumSq - (sum * sum) / n) / (n - 1);
}

function close(actual: number, expected: number, relative: number): boolean {
  return Math.abs(actual - expected) <= relative * Math.abs(expected);
}

const seed = propertySeed('running-stats data');

test('Welford matches a two-pass computation on random data', () => {
  const r = new Random(seed);
  const values = Array.from({ length: 10_000 }, () => r.lognormal(12, 1));

  const s = statsOf(values);

  const ref = twoPass(values);
  assert.ok(close(s.mean, ref.mean, 1e-12));
  assert.ok(close(s.variance, ref.variance, 1e-9));
  assert.equal(s.count, values.length);
  assert.equal(s.min, Math.min(...values));
  assert.equal(s.max, Math.max(...values));
});

test('on a huge offset Welford stays right where the naive one-pass formula fails', () => {
  const r = new Random(seed);
  // A 1e12 ns offset (1000 s) with a spread of 10 ns: variance ~8.3. Welford keeps ~5 digits here;
  // the naive formula, whose terms are ~1e28, keeps none.
  const values = Array.from({ length: 10_000 }, () => 1e12 + r.next() * 10);

  const s = statsOf(values);

  const ref = twoPass(values);
  assert.ok(close(s.variance, ref.variance, 1e-4), `welford ${s.variance} vs ${ref.variance}`);
  assert.ok(
    !close(naiveOnePassVariance(values), ref.variance, 0.5),
    'the naive formula should be far off here',
  );
});

test('stddev is 0 for fewer than two values; stderr is stddev / sqrt(n)', () => {
  const one = statsOf([5]);
  const many = statsOf([1, 2, 3, 4]);

  assert.equal(one.stddev, 0);
  assert.equal(one.stderr, 0);
  assert.equal(new RunningStats().stddev, 0);
  assert.ok(close(many.stddev, Math.sqrt(5 / 3), 1e-15));
  assert.ok(close(many.stderr, Math.sqrt(5 / 3) / 2, 1e-15));
});

test('errors and sum are counted', () => {
  const s = statsOf([1, 2, 3, 4, 5, 6], 3);

  assert.equal(s.errors, 2);
  assert.equal(s.sum, 21);
});

test('property: merging the stats of two halves equals the stats of the whole (Chan et al.)', () => {
  const propSeed = propertySeed('running-stats merge property');
  const values = fc.array(fc.double({ min: 0, max: 1e12, noNaN: true }), { maxLength: 200 });
  fc.assert(
    fc.property(values, values, (a, b) => {
      const merged = statsOf(a, 2);
      merged.merge(statsOf(b, 2));

      const whole = statsOf([...a, ...b]);
      assert.equal(merged.count, whole.count);
      assert.equal(merged.min, whole.min);
      assert.equal(merged.max, whole.max);
      assert.equal(merged.errors, Math.ceil(a.length / 2) + Math.ceil(b.length / 2));
      const scale = Math.max(1, whole.max);
      assert.ok(Math.abs(merged.mean - whole.mean) <= 1e-9 * scale);
      assert.ok(Math.abs(merged.stddev - whole.stddev) <= 1e-6 * scale);
    }),
    { seed: propSeed, numRuns: 300 },
  );
});

test('serialization round-trips; inconsistent fields are rejected with LT_CORRUPT', () => {
  const s = statsOf([3, 1, 4, 1, 5, 9, 2, 6], 4);
  const w = new ByteWriter();
  s.writeTo(w);
  const bytes = w.finish();

  const copy = RunningStats.readFrom(new ByteReader(bytes, 'test'));

  assert.deepEqual(copy, s);
  const broken = bytes.slice();
  new DataView(broken.buffer).setFloat64(8, 99, true); // errors > count
  assert.throws(() => RunningStats.readFrom(new ByteReader(broken, 'test')), { code: 'LT_CORRUPT' });
  assert.throws(() => RunningStats.readFrom(new ByteReader(bytes.subarray(0, 20), 'test')), {
    code: 'LT_CORRUPT',
  });
});
