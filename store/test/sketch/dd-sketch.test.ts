import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DDSketch } from '../../src/sketch/dd-sketch.js';
import { assertWithinRelativeError } from './accuracy.js';
import { propertySeed, Random } from './seed.js';

const N = 50_000;
const ALPHA = 0.01;

function sketchOf(values: ArrayLike<number>, opts: ConstructorParameters<typeof DDSketch>[0] = {}): DDSketch {
  const s = new DDSketch(opts);
  for (let i = 0; i < values.length; i++) s.add(values[i]!);
  return s;
}

function generate(n: number, draw: () => number): Float64Array {
  return Float64Array.from({ length: n }, draw);
}

const seed = propertySeed('dd-sketch distributions');

const distributions: [string, (r: Random) => number][] = [
  ['lognormal (1 ms median, sigma 1.5) in ns', (r) => r.lognormal(Math.log(1e6), 1.5)],
  ['Pareto shape 1.1 (heavy tail) from 100 us', (r) => r.pareto(1e5, 1.1)],
  [
    'bimodal: 90% ~200 us, 10% ~2 s',
    (r) => (r.next() < 0.9 ? r.lognormal(Math.log(2e5), 0.2) : r.lognormal(Math.log(2e9), 0.3)),
  ],
  ['tiny values around 1e-250', (r) => r.lognormal(Math.log(1e-250), 3)],
  ['huge values around 1e250', (r) => r.lognormal(Math.log(1e250), 3)],
  ['a quarter zeros, the rest uniform 1..1e6 ns', (r) => (r.next() < 0.25 ? 0 : 1 + r.next() * 1e6)],
];

for (const [name, draw] of distributions) {
  test(`every quantile of ${name} is within 1% of the exact value at its rank`, () => {
    const r = new Random(seed);
    const values = generate(N, () => draw(r));

    const sketch = sketchOf(values);

    assertWithinRelativeError(sketch, values, ALPHA);
  });
}

test('count, min and max are exact', () => {
  const r = new Random(seed);
  const values = generate(N, () => r.lognormal(10, 2));

  const sketch = sketchOf(values);

  assert.equal(sketch.count, N);
  assert.equal(sketch.min, Math.min(...values));
  assert.equal(sketch.max, Math.max(...values));
});

test('a constant stream returns the constant itself at every quantile', () => {
  const sketch = sketchOf(new Float64Array(1000).fill(123_456.789));

  for (const q of [0, 0.01, 0.5, 0.99, 1]) assert.equal(sketch.quantile(q), 123_456.789);
});

test('values across the whole double range keep 1% when the bin budget allows it', () => {
  const r = new Random(seed);
  const values = generate(N, () => Math.exp((r.next() - 0.5) * 1400));

  const sketch = sketchOf(values, { maxBins: 100_000 });

  assertWithinRelativeError(sketch, values, ALPHA);
});

test('past maxBins the lowest bins collapse and the high quantiles stay within 1%', () => {
  const r = new Random(seed);
  const values = generate(N, () => r.lognormal(Math.log(1e6), 1));

  const sketch = sketchOf(values, { maxBins: 256 });

  // 256 bins span e^5.1 below the max (at most ~e^4.6 above the median here): p90 (e^1.3 above
  // the median) and up stay inside them; the values span about e^9.
  assert.ok(sketch.collapsedCount > 0);
  assert.ok(sketch.memoryBytes() <= 256 * 4 + 400);
  assertWithinRelativeError(sketch, values, ALPHA, 0.9);
  assert.equal(sketch.quantile(0), sketch.min);
});

test('values added from the low end after a collapse land in the lowest bin', () => {
  const sketch = new DDSketch({ maxBins: 64 });
  sketch.add(1e9);

  for (let v = 1e9; v > 1; v /= 1.5) sketch.add(v);

  assert.ok(sketch.collapsedCount > 0);
  assert.ok(Math.abs(sketch.quantile(1) - 1e9) <= 1e9 * ALPHA);
  assert.equal(sketch.count, 1 + Math.ceil(Math.log(1e9) / Math.log(1.5)));
});

test('a bin past 2^32 - 1 widens its counts instead of wrapping', () => {
  const sketch = new DDSketch();
  sketch.add(5000, 2 ** 32 - 1);

  sketch.add(5000, 10);
  sketch.add(7000);

  assert.equal(sketch.count, 2 ** 32 + 10);
  assert.ok(Math.abs(sketch.quantile(0.5) - 5000) <= 5000 * ALPHA);
  assert.equal(DDSketch.deserialize(sketch.serialize()).count, 2 ** 32 + 10);
});

test('an empty sketch has NaN quantiles, min and max', () => {
  const sketch = new DDSketch();

  assert.equal(sketch.count, 0);
  assert.ok(Number.isNaN(sketch.quantile(0.5)));
  assert.ok(Number.isNaN(sketch.min));
  assert.ok(Number.isNaN(sketch.max));
});

test('negative, NaN and infinite values and bad counts are rejected with LT_INVALID_ARGUMENT', () => {
  const sketch = new DDSketch();

  for (const v of [-1, NaN, Infinity]) assert.throws(() => sketch.add(v), { code: 'LT_INVALID_ARGUMENT' });
  for (const c of [0, -1, 1.5]) assert.throws(() => sketch.add(1, c), { code: 'LT_INVALID_ARGUMENT' });
  assert.throws(() => sketch.quantile(1.01), { code: 'LT_INVALID_ARGUMENT' });
  assert.throws(() => new DDSketch({ relativeAccuracy: 0 }), { code: 'LT_INVALID_ARGUMENT' });
  assert.throws(() => new DDSketch({ maxBins: 0 }), { code: 'LT_INVALID_ARGUMENT' });
  assert.equal(sketch.count, 0);
});

test('sketches of different accuracy do not merge', () => {
  const a = new DDSketch({ relativeAccuracy: 0.01 });
  const b = new DDSketch({ relativeAccuracy: 0.02 });
  b.add(1);

  assert.throws(() => a.merge(b), { code: 'LT_INVALID_ARGUMENT' });
});

test('quantilesInto gives the same values as quantile, in one pass', () => {
  const r = new Random(seed);
  const sketch = sketchOf(generate(1000, () => r.pareto(1, 1.5)));
  const qs = [0, 0.5, 0.9, 0.99, 1];
  const out = new Float64Array(qs.length);

  sketch.quantilesInto(qs, out);

  assert.deepEqual(
    [...out],
    qs.map((q) => sketch.quantile(q)),
  );
  assert.throws(() => sketch.quantilesInto([0.9, 0.5], out), { code: 'LT_INVALID_ARGUMENT' });
});
