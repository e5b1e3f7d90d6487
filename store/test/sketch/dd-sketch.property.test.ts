import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DDSketch } from '../../src/sketch/dd-sketch.js';
import { assertWithinRelativeError } from './accuracy.js';
import { propertySeed } from './seed.js';

const RUNS = 200;

/** Durations as they come: mostly ns-scale magnitudes, some zeros, some extreme. */
const duration = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: 1, max: 1e13, noNaN: true }) },
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true }) },
);
const durations = fc.array(duration, { minLength: 1, maxLength: 300 });

function sketchOf(values: readonly number[]): DDSketch {
  const s = new DDSketch({ maxBins: 100_000 });
  for (const v of values) s.add(v);
  return s;
}

test('property: every quantile is within 1% of the exact value at its rank', () => {
  const seed = propertySeed('sketch accuracy property');
  fc.assert(
    fc.property(durations, (values) => {
      assertWithinRelativeError(sketchOf(values), values, 0.01);
    }),
    { seed, numRuns: RUNS },
  );
});

test('property: the merge of two sketches is the sketch of the union', () => {
  const seed = propertySeed('sketch merge property');
  fc.assert(
    fc.property(durations, durations, (a, b) => {
      const merged = sketchOf(a);
      merged.merge(sketchOf(b));

      const union = sketchOf([...a, ...b]);

      assert.deepEqual(merged.serialize(), union.serialize());
    }),
    { seed, numRuns: RUNS },
  );
});

test('property: merging collapsed sketches keeps count, min, max and the top quantiles', () => {
  const seed = propertySeed('collapsed merge property');
  fc.assert(
    fc.property(durations, durations, (a, b) => {
      const small = (values: readonly number[]): DDSketch => {
        const s = new DDSketch({ maxBins: 32 });
        for (const v of values) s.add(v);
        return s;
      };
      const merged = small(a);
      merged.merge(small(b));

      const all = [...a, ...b];
      assert.equal(merged.count, all.length);
      assert.equal(merged.min, Math.min(...all));
      assert.equal(merged.max, Math.max(...all));
      assert.equal(merged.quantile(1), Math.max(...all));
    }),
    { seed, numRuns: RUNS },
  );
});

test('property: deserialize(serialize(s)) is the same sketch', () => {
  const seed = propertySeed('sketch round-trip property');
  fc.assert(
    fc.property(durations, (values) => {
      const sketch = sketchOf(values);

      const copy = DDSketch.deserialize(sketch.serialize());

      assert.deepEqual(copy.serialize(), sketch.serialize());
      for (const q of [0, 0.25, 0.5, 0.9, 0.99, 1]) assert.equal(copy.quantile(q), sketch.quantile(q));
      copy.add(values[0]!);
      assert.equal(copy.count, sketch.count + 1);
    }),
    { seed, numRuns: RUNS },
  );
});
