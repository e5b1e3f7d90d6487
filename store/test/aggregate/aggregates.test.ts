import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Aggregates, exactStats } from '../../src/aggregate/aggregates.js';
import { OVERFLOW_SERIES_ID } from '../../src/aggregate/series-table.js';
import { propertySeed, Random } from '../sketch/seed.js';

const T0 = 1_700_000_040_000;
const seed = propertySeed('aggregates data');

function relClose(a: number, b: number, rel: number): boolean {
  return Math.abs(a - b) <= rel * Math.abs(b);
}

/** One series fed 20,000 lognormal spans 200 ms apart (66 min 40 s), with its exact durations. */
function fedSeries(): { agg: Aggregates; id: number; durations: Float64Array; errors: number } {
  const r = new Random(seed);
  const agg = new Aggregates();
  const id = agg.seriesId('api', 'GET /users');
  const durations = new Float64Array(20_000);
  let errors = 0;
  for (let i = 0; i < durations.length; i++) {
    durations[i] = r.lognormal(Math.log(5e6), 1);
    const isError = r.next() < 0.03;
    if (isError) errors++;
    agg.add(id, T0 + i * 200, durations[i]!, isError);
  }
  return { agg, id, durations, errors };
}

test('lifetime stats agree with exact stats: counts exactly, percentiles within 1%', () => {
  const { agg, id, durations, errors } = fedSeries();

  const life = agg.lifetime(id);

  const exact = exactStats({
    service: 'api',
    name: 'GET /users',
    durationsNs: durations,
    errors,
    firstSeen: T0,
    lastSeen: T0 + 3_999_800,
    from: null,
    to: null,
  });
  assert.deepEqual(
    [life.count, life.errors, life.min, life.max, life.firstSeen, life.lastSeen, life.rate],
    [exact.count, exact.errors, exact.min, exact.max, exact.firstSeen, exact.lastSeen, exact.rate],
  );
  assert.ok(relClose(life.mean, exact.mean, 1e-12) && relClose(life.stddev, exact.stddev, 1e-9));
  assert.ok(relClose(life.stderr, exact.stderr, 1e-9));
  for (const p of ['p50', 'p90', 'p95', 'p99', 'p999'] as const) {
    assert.ok(relClose(life[p], exact[p], 0.01), `${p}: ${life[p]} vs ${exact[p]}`);
  }
  assert.deepEqual([life.exact, life.relativeError, life.from, life.to], [false, 0.01, null, null]);
});

test('a recent window comes from the buckets, widened to their edges, within 1% of the exact scan', () => {
  const { agg, id, durations } = fedSeries();
  const end = T0 + 4_000_000;
  const from = end - 60_000 + 1234;

  const w = agg.window(id, from, end);

  assert.ok(w !== null);
  assert.equal(w.from, end - 60_000);
  assert.equal(w.to, end);
  const covered = durations.filter((_, i) => T0 + i * 200 >= w.from!);
  const exact = exactStats({
    service: '',
    name: '',
    durationsNs: covered,
    errors: 0,
    firstSeen: null,
    lastSeen: null,
    from: w.from,
    to: w.to,
  });
  assert.equal(w.count, covered.length);
  assert.ok(relClose(w.p99, exact.p99, 0.01) && relClose(w.p50, exact.p50, 0.01));
  assert.ok(relClose(w.rate, 5, 1e-12));
  assert.equal(w.exact, false);
  assert.equal(agg.window(id, T0, T0 + 1000), null, 'older than the hour: the engine must scan');
});

test('past maxSeries spans go to the overflow series and are counted', () => {
  const agg = new Aggregates({ maxSeries: 2 });
  const a = agg.seriesId('s', 'a');
  agg.seriesId('s', 'b');

  const c = agg.seriesId('s', 'c');
  agg.add(c, T0, 1, false);
  agg.add(c, T0, 2, false);
  agg.add(a, T0, 3, false);

  assert.equal(c, OVERFLOW_SERIES_ID);
  assert.equal(agg.overflowed, 2);
  assert.equal(agg.seriesCount, 3);
  assert.deepEqual(
    agg.series().map((s) => [s.id, s.name, s.count]),
    [
      [0, '__overflow__', 2],
      [1, 'a', 1],
      [2, 'b', 0],
    ],
  );
  assert.deepEqual(agg.find('a'), [a]);
  assert.deepEqual(agg.describe(a), { service: 's', name: 'a' });
});

test('bad ids and bad spans are rejected with LT_INVALID_ARGUMENT and change nothing', () => {
  const agg = new Aggregates();
  const id = agg.seriesId('s', 'a');

  assert.throws(() => agg.add(9, T0, 1, false), { code: 'LT_INVALID_ARGUMENT' });
  for (const [start, dur] of [
    [T0, -1],
    [T0, NaN],
    [NaN, 1],
    [T0, Infinity],
  ] as const) {
    assert.throws(() => agg.add(id, start, dur, false), { code: 'LT_INVALID_ARGUMENT' });
  }
  assert.equal(agg.lifetime(id).count, 0);
  assert.throws(() => agg.lifetime(9), { code: 'LT_NOT_FOUND' });
  assert.deepEqual(agg.raw(id), {
    count: 0,
    errors: 0,
    sum: 0,
    min: Infinity,
    max: -Infinity,
    mean: 0,
    m2: 0,
  });
});

test('an empty series reports zeros and null times', () => {
  const agg = new Aggregates();
  const id = agg.seriesId('s', 'a');

  const life = agg.lifetime(id);

  assert.deepEqual([life.count, life.p99, life.mean, life.rate, life.firstSeen], [0, 0, 0, 0, null]);
});

test('an inner window summary leaves the edges to the caller', () => {
  const { agg, id } = fedSeries();
  const end = T0 + 4_000_000;

  const parts = agg.windowSummary(id, end - 65_000, end - 1, 'inner');

  assert.ok(parts !== null);
  assert.deepEqual([parts.from, parts.to], [end - 60_000, end - 10_000]);
  assert.equal(parts.stats.count, 250);
  assert.equal(parts.sketch.count, 250);
});

test('memory for 10,000 series stays within the bucket budget (measured by memoryBytes)', () => {
  const budget = 64 * 1024 * 1024;
  const agg = new Aggregates({ maxSeries: 10_000, bucketBudgetBytes: budget });
  const ids = Array.from({ length: 10_000 }, (_, i) => agg.seriesId(`svc-${i % 20}`, `op-${i}`));
  // Every series in every one of its 96 buckets: a span a minute for an hour, then every 10 s for 6 minutes.
  const feed = (from: number, to: number, every: number): void => {
    for (let t = from; t < to; t += every)
      for (const id of ids) agg.add(id, T0 + t + id, (1 + (id % 50)) * 1e6, false);
  };
  feed(0, 3_600_000, 60_000);
  feed(3_600_000, 3_960_000, 10_000);

  const buckets = agg.bucketMemoryBytes();
  const total = agg.memoryBytes();

  console.log(
    `10,000 series, one span per bucket: buckets ${(buckets / 2 ** 20).toFixed(1)} MiB of ${budget / 2 ** 20} MiB, ` +
      `total ${(total / 2 ** 20).toFixed(1)} MiB, lost buckets ${agg.lostBuckets}`,
  );
  assert.ok(buckets <= budget, `buckets take ${buckets} bytes, over the ${budget} budget`);
  assert.equal(
    agg.lostBuckets,
    0,
    'the documented capacity: one distinct duration per bucket fits 10,000 series',
  );
  assert.ok(total - buckets <= 10_000 * 1024, 'lifetime stats and sketches: under 1 KiB per such series');
  const end = T0 + 3_960_000;
  assert.equal(agg.window(ids[1234]!, end - 60_000, end)?.count, 6);
  assert.equal(agg.window(ids[1234]!, end - 3_600_000, end)?.count, 90);
});
