import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ByteReader, ByteWriter } from '../../src/sketch/bytes.js';
import {
  COARSE_SLOTS,
  COARSE_WIDTH_MS,
  FINE_WIDTH_MS,
  TimeBuckets,
  type BucketAlign,
  type BucketSummary,
} from '../../src/aggregate/time-buckets.js';
import { assertWithinRelativeError } from '../sketch/accuracy.js';
import { propertySeed } from '../sketch/seed.js';

const ALPHA = 0.01;
/** A minute-aligned base time (unix ms). */
const T0 = 1_700_000_040_000;
/** Spans over 65 minutes: past the coarse ring's hour, so some windows must be refused. */
const SPAN_RANGE_MS = 65 * 60_000;

interface Span {
  series: number;
  start: number;
  duration: number;
  error: boolean;
}

const spanArb = fc.record({
  series: fc.integer({ min: 0, max: 3 }),
  start: fc.double({ min: T0, max: T0 + SPAN_RANGE_MS, noNaN: true }),
  duration: fc.oneof(fc.constant(0), fc.double({ min: 1, max: 1e11, noNaN: true })),
  error: fc.boolean(),
});

function bucketsWith(spans: readonly Span[], budgetBytes?: number): TimeBuckets {
  const tb = new TimeBuckets(
    budgetBytes === undefined ? { relativeAccuracy: ALPHA } : { relativeAccuracy: ALPHA, budgetBytes },
  );
  for (const s of spans) tb.add(s.series, s.start, s.duration, s.error);
  return tb;
}

/** Checks a summary against a brute-force recount of the spans it claims to cover. */
function assertMatchesRecount(summary: BucketSummary, spans: readonly Span[], series: number): void {
  const covered = spans.filter((s) => s.series === series && s.start >= summary.from && s.start < summary.to);
  const durations = covered.map((s) => s.duration);
  const { stats, sketch } = summary;
  assert.equal(stats.count, covered.length);
  assert.equal(stats.errors, covered.filter((s) => s.error).length);
  if (covered.length === 0) {
    assert.equal(summary.firstSeen, null);
    return;
  }
  const min = Math.min(...durations);
  const max = Math.max(...durations);
  const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
  const f32Close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-7 * b;
  assert.ok(
    f32Close(stats.min, min) && f32Close(stats.max, max),
    `min/max ${stats.min}/${stats.max} vs ${min}/${max}`,
  );
  assert.ok(Math.abs(stats.mean - mean) <= 1e-9 * max, `mean ${stats.mean} vs ${mean}`);
  assert.ok(Math.abs(summary.firstSeen! - Math.min(...covered.map((s) => s.start))) < 0.01);
  assert.ok(Math.abs(summary.lastSeen! - Math.max(...covered.map((s) => s.start))) < 0.01);
  assertWithinRelativeError(sketch, durations, ALPHA * (1 + 1e-6));
}

test('property: a window from the buckets equals a brute-force recount of the range it covers', () => {
  const seed = propertySeed('time-bucket windows property');
  const window = fc.record({
    series: fc.integer({ min: 0, max: 3 }),
    from: fc.double({ min: T0 - 60_000, max: T0 + SPAN_RANGE_MS + 60_000, noNaN: true }),
    length: fc.oneof(
      fc.constantFrom(60_000, 300_000, 3_600_000),
      fc.double({ min: 0, max: 4e6, noNaN: true }),
    ),
    align: fc.constantFrom<BucketAlign>('outer', 'inner'),
  });
  fc.assert(
    fc.property(
      fc.array(spanArb, { minLength: 1, maxLength: 400 }),
      fc.array(window, { maxLength: 10 }),
      (spans, windows) => {
        const tb = bucketsWith(spans);
        const newest = Math.max(...spans.map((s) => s.start));

        for (const w of windows) {
          const to = w.from + w.length;
          const summary = tb.summarize(w.series, w.from, to, w.align);

          if (summary === null) {
            // Only a window reaching past the coarse ring is refused (the budget is ample here).
            const fromEpoch =
              w.align === 'outer'
                ? Math.floor(w.from / COARSE_WIDTH_MS)
                : Math.ceil(w.from / COARSE_WIDTH_MS);
            assert.ok(
              Math.min(fromEpoch, Math.floor(to / COARSE_WIDTH_MS)) <=
                Math.floor(newest / COARSE_WIDTH_MS) - COARSE_SLOTS,
            );
            continue;
          }
          if (w.align === 'outer') {
            assert.ok(summary.from <= w.from && summary.from > w.from - summary.widthMs);
            assert.ok(summary.to >= to && summary.to < to + summary.widthMs);
          } else {
            assert.ok(summary.from >= w.from && summary.to <= to);
          }
          assertMatchesRecount(summary, spans, w.series);
        }
        assert.equal(tb.lostBuckets, 0);
      },
    ),
    { seed, numRuns: 150 },
  );
});

test('a recent window uses 10 s buckets, an older one 1 min buckets, one past the hour none', () => {
  const spans: Span[] = [];
  for (let t = 0; t < 2 * 3_600_000; t += 1000)
    spans.push({ series: 1, start: T0 + t, duration: 1e6 + t, error: false });
  const tb = bucketsWith(spans);
  const now = T0 + 2 * 3_600_000;

  const lastMinute = tb.summarize(1, now - 60_000 + 5, now);
  const halfHourAgo = tb.summarize(1, now - 1_800_000 + 5, now - 1_700_000);
  const twoHoursAgo = tb.summarize(1, now - 7_000_000, now - 6_000_000);

  assert.equal(lastMinute?.widthMs, FINE_WIDTH_MS);
  assert.equal(lastMinute.from, now - 60_000);
  assert.equal(lastMinute.stats.count, 60);
  assert.equal(halfHourAgo?.widthMs, COARSE_WIDTH_MS);
  assert.equal(halfHourAgo.stats.count, 120);
  assert.equal(twoHoursAgo, null);
});

test('a series without spans in a retained window has an empty, non-null summary', () => {
  const tb = bucketsWith([{ series: 2, start: T0, duration: 5, error: false }]);

  const other = tb.summarize(7, T0 - 30_000, T0 + 30_000);
  const future = tb.summarize(2, T0 + 3_600_000, T0 + 3_700_000);

  assert.equal(other?.stats.count, 0);
  assert.equal(future?.stats.count, 0);
  assert.equal(future.to, T0 + 3_700_000);
});

test('a span older than the rings is not counted, and windows over it stay refused', () => {
  const tb = bucketsWith([
    { series: 1, start: T0 + 10 * 3_600_000, duration: 5, error: false },
    { series: 1, start: T0, duration: 7, error: false },
  ]);

  assert.equal(tb.summarize(1, T0, T0 + 60_000), null);
  assert.equal(tb.summarize(1, T0 + 10 * 3_600_000 - 60_000, T0 + 10 * 3_600_000 + 1)?.stats.count, 1);
});

test('when the budget runs out buckets are lost, memory stays within it and windows over them are refused', () => {
  const budgetBytes = 1024 * 1024;
  const tb = new TimeBuckets({ relativeAccuracy: ALPHA, budgetBytes });
  const spans: Span[] = [];
  for (let i = 0; i < 200_000; i++) {
    spans.push({
      series: i % 500,
      start: T0 + (i % 600) * 1000,
      duration: 1 + ((i * 7919) % 100_000) * 1000,
      error: false,
    });
  }

  for (const s of spans) tb.add(s.series, s.start, s.duration, s.error);

  assert.ok(tb.lostBuckets > 0);
  assert.ok(tb.memoryBytes() <= budgetBytes, `${tb.memoryBytes()} > ${budgetBytes}`);
  let refused = 0;
  for (let series = 0; series < 500; series++) {
    const summary = tb.summarize(series, T0, T0 + 600_000);
    if (summary === null) refused++;
    else assertMatchesRecount(summary, spans, series);
  }
  assert.ok(refused > 0);
});

/** A summary as plain data (the sketch by its encoding, which does not depend on insertion order). */
function plain(summary: BucketSummary | null): unknown {
  return summary === null ? null : { ...summary, sketch: summary.sketch.serialize() };
}

test('buckets round-trip through writeTo / readFrom, and keep counting afterwards', () => {
  const spans: Span[] = [];
  for (let i = 0; i < 5000; i++) {
    spans.push({ series: i % 7, start: T0 + i * 700, duration: (i % 97) * 12_345, error: i % 11 === 0 });
  }
  const tb = bucketsWith(spans);
  const w = new ByteWriter();
  tb.writeTo(w);

  const copy = new TimeBuckets({ relativeAccuracy: ALPHA });
  const r = new ByteReader(w.finish(), 'test');
  copy.readFrom(r, 7);
  r.end();

  const end = T0 + 5000 * 700;
  for (let series = 0; series < 7; series++) {
    for (const from of [end - 60_000, end - 300_000, end - 3_000_000]) {
      assert.deepEqual(plain(copy.summarize(series, from, end)), plain(tb.summarize(series, from, end)));
    }
  }
  const more = { series: 3, start: end, duration: 1, error: false };
  tb.add(more.series, more.start, more.duration, more.error);
  copy.add(more.series, more.start, more.duration, more.error);
  assert.deepEqual(
    plain(copy.summarize(3, end - 60_000, end + 1)),
    plain(tb.summarize(3, end - 60_000, end + 1)),
  );
});

test('a bucket of an unknown series or a bad epoch in a checkpoint is LT_CORRUPT', () => {
  const tb = bucketsWith([{ series: 5, start: T0, duration: 1, error: false }]);
  const w = new ByteWriter();
  tb.writeTo(w);
  const bytes = w.finish();

  assert.throws(() => new TimeBuckets({ relativeAccuracy: ALPHA }).readFrom(new ByteReader(bytes, 't'), 3), {
    code: 'LT_CORRUPT',
  });
  for (let n = 0; n < bytes.length; n += 7) {
    assert.throws(
      () =>
        new TimeBuckets({ relativeAccuracy: ALPHA }).readFrom(new ByteReader(bytes.subarray(0, n), 't'), 6),
      {
        code: 'LT_CORRUPT',
      },
    );
  }
});

test('a budget below the minimum is rejected with LT_INVALID_ARGUMENT', () => {
  assert.throws(() => new TimeBuckets({ relativeAccuracy: ALPHA, budgetBytes: 1000 }), {
    code: 'LT_INVALID_ARGUMENT',
  });
});
