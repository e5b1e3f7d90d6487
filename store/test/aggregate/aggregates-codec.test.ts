import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Aggregates } from '../../src/aggregate/aggregates.js';
import { propertySeed } from '../sketch/seed.js';

const T0 = 1_700_000_040_000;

/** Offsets in the header (see writeAggregates). */
const VERSION_AT = 4;
const CRC_AT = 8;

function sample(): Aggregates {
  const agg = new Aggregates({ maxSeries: 3 });
  const names = ['a', 'b', 'c', 'd'];
  for (let i = 0; i < 3000; i++) {
    const id = agg.seriesId('svc', names[i % 4]!);
    agg.add(id, T0 + i * 1000, (i % 113) * 1e5, i % 17 === 0);
  }
  return agg;
}

/** Everything a reader of the aggregates can observe. */
function observe(agg: Aggregates): unknown {
  const end = T0 + 3_000_000;
  return agg.series().map((s) => ({
    s,
    life: agg.lifetime(s.id),
    minute: agg.window(s.id, end - 60_000, end),
    hour: agg.window(s.id, end - 2_900_000, end),
    raw: agg.raw(s.id),
  }));
}

test('deserialize(serialize(a)) answers every query as a did, and keeps counting the same way', () => {
  const agg = sample();

  const copy = Aggregates.deserialize(agg.serialize(), {});

  assert.deepEqual(observe(copy), observe(agg));
  assert.equal(copy.overflowed, agg.overflowed);
  assert.equal(copy.maxSeries, 3);
  for (const a of [agg, copy]) a.add(a.seriesId('svc', 'b'), T0 + 3_000_000, 42, true);
  assert.deepEqual(observe(copy), observe(agg));
  assert.deepEqual(copy.serialize(), agg.serialize());
});

test('property: any span stream round-trips through a checkpoint', () => {
  const seed = propertySeed('aggregates checkpoint property');
  const span = fc.record({
    series: fc.constantFrom('a', 'b', 'c'),
    start: fc.double({ min: T0, max: T0 + 4e6, noNaN: true }),
    // Durations as the store has them: 0 or at least 1 ns (see the float32 bounds in bucket-record.ts).
    duration: fc.oneof(fc.constant(0), fc.double({ min: 1, max: 1e12, noNaN: true })),
    error: fc.boolean(),
  });
  fc.assert(
    fc.property(fc.array(span, { maxLength: 100 }), (spans) => {
      const agg = new Aggregates({ maxSeries: 2 });
      for (const s of spans) agg.add(agg.seriesId('svc', s.series), s.start, s.duration, s.error);

      const copy = Aggregates.deserialize(agg.serialize());

      assert.deepEqual(copy.serialize(), agg.serialize());
      assert.deepEqual(observe(copy), observe(agg));
    }),
    { seed, numRuns: 100 },
  );
});

test('a flipped byte anywhere in the body is LT_CORRUPT (checksum)', () => {
  const bytes = sample().serialize();

  for (let at = 12; at < bytes.length; at += Math.max(1, Math.floor(bytes.length / 200))) {
    const broken = bytes.slice();
    broken[at] = broken[at]! ^ 0x10;
    assert.throws(() => Aggregates.deserialize(broken), { code: 'LT_CORRUPT' }, `byte ${at}`);
  }
});

test('bad magic, truncation and trailing bytes are LT_CORRUPT; a newer version LT_FORMAT_VERSION', () => {
  const bytes = sample().serialize();
  const badMagic = bytes.slice();
  badMagic[1] = badMagic[1]! ^ 1;
  const newer = bytes.slice();
  new DataView(newer.buffer).setUint16(VERSION_AT, 2, true);

  assert.throws(() => Aggregates.deserialize(badMagic), { code: 'LT_CORRUPT' });
  assert.throws(() => Aggregates.deserialize(bytes.subarray(0, bytes.length - 5)), { code: 'LT_CORRUPT' });
  assert.throws(() => Aggregates.deserialize(bytes.subarray(0, 6)), { code: 'LT_CORRUPT' });
  assert.throws(() => Aggregates.deserialize(newer), { code: 'LT_FORMAT_VERSION' });
  const trailing = new Uint8Array([...bytes, 0]);
  assert.throws(() => Aggregates.deserialize(trailing), { code: 'LT_CORRUPT' });
});

test('a consistent-looking body with a fixed-up checksum but broken content is still LT_CORRUPT', async () => {
  const { crc32 } = await import('node:zlib');
  const bytes = sample().serialize();
  // The series table's size field (after f64 accuracy, u32 cap, f64 overflowed) claims too many series.
  const broken = bytes.slice();
  new DataView(broken.buffer).setUint32(12 + 8 + 4 + 8, 99, true);
  new DataView(broken.buffer).setUint32(CRC_AT, crc32(broken.subarray(12)), true);

  assert.throws(() => Aggregates.deserialize(broken), { code: 'LT_CORRUPT' });
});

test('a smaller bucket budget on load loses buckets rather than exceeding it', () => {
  const agg = new Aggregates();
  for (let i = 0; i < 2000; i++) {
    const id = agg.seriesId('svc', `op-${i % 400}`);
    for (let k = 0; k < 20; k++) agg.add(id, T0 + (i % 60) * 1000, (k + 1) * 1e7 + i, false);
  }

  const small = Aggregates.deserialize(agg.serialize(), { bucketBudgetBytes: 1024 * 1024 });

  assert.ok(small.bucketMemoryBytes() <= 1024 * 1024);
  assert.ok(small.lostBuckets > 0);
  assert.deepEqual(small.lifetime(5), agg.lifetime(5));
  assert.throws(() => Aggregates.deserialize(agg.serialize(), { relativeAccuracy: 0.02 }), {
    code: 'LT_INVALID_ARGUMENT',
  });
});

test('serialization in steps gives the same bytes as in one piece, yielding between slices', () => {
  // Arrange: enough series and bucket records for several steps.
  const agg = new Aggregates({ maxSeries: 3000 });
  for (let i = 0; i < 60_000; i++) {
    agg.add(agg.seriesId(`svc-${i % 7}`, `op-${i % 2500}`), T0 + i * 50, (i % 997) * 1e4, i % 31 === 0);
  }

  // Act
  const steps = agg.serializeSteps();
  let yields = 0;
  let r = steps.next();
  for (; r.done !== true; r = steps.next()) yields++;

  // Assert
  assert.ok(yields > 3, `${yields} yields`);
  assert.deepEqual(r.value, agg.serialize());
  assert.deepEqual(Aggregates.deserialize(r.value).lifetime(0), agg.lifetime(0));
});
