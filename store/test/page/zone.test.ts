import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ZoneTracker } from '../../src/page/zone.js';

function words(value: bigint): [number, number] {
  return [Number(value & 0xffffffffn), Number(value >> 32n)];
}

test('an empty tracker yields zeros and a count of 0', () => {
  const zone = new ZoneTracker();

  assert.equal(zone.count, 0);
  assert.equal(zone.min(), 0n);
  assert.equal(zone.max(), 0n);
});

test('min and max equal those computed with BigInt, for any u64 values', () => {
  const seed = Number(process.env.LAPTIME_SEED ?? Date.now());
  console.log(`zone tracker seed: ${seed}`);
  const u64 = fc.oneof(
    fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
    // Values sharing a high word exercise the low-word comparison.
    fc.bigInt({ min: 0x1_0000_0000n, max: 0x1_ffff_ffffn }),
  );
  fc.assert(
    fc.property(fc.array(u64, { minLength: 1, maxLength: 50 }), (values) => {
      const zone = new ZoneTracker();

      for (const v of values) zone.add(...words(v));

      assert.equal(zone.count, values.length);
      assert.equal(
        zone.min(),
        values.reduce((a, b) => (b < a ? b : a)),
      );
      assert.equal(
        zone.max(),
        values.reduce((a, b) => (b > a ? b : a)),
      );
    }),
    { seed },
  );
});

test('words from an Int32Array (negative numbers) are read as unsigned', () => {
  const zone = new ZoneTracker();
  const signed = new Int32Array([-1, -1, 5, 0]); // (lo, hi) pairs: 2^64 - 1, then 5

  zone.add(signed[0]!, signed[1]!);
  zone.add(signed[2]!, signed[3]!);

  assert.equal(zone.max(), (1n << 64n) - 1n);
  assert.equal(zone.min(), 5n);
});

test('reset starts a new page', () => {
  const zone = new ZoneTracker();
  zone.add(1, 0);
  zone.add(9, 0);

  zone.reset();
  zone.add(4, 0);

  assert.equal(zone.count, 1);
  assert.equal(zone.min(), 4n);
  assert.equal(zone.max(), 4n);
});
