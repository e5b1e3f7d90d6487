import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../src/engine/store.js';
import { ErrorCode } from '../../src/errors.js';
import { encodeRows } from '../../src/row/encode-rows.js';
import { BASE_NS, makeRow, tempDir } from './helpers.js';

const HOUR_NS = 3_600_000_000_000n;
const YEAR_2500_NS = 16_725_225_600_000_000_000n;

test('a span starting further ahead than maxFuture (default 3 h) is refused with LT_INVALID_ROW on every way in', async () => {
  const now = Number(BASE_NS / 1_000_000n);
  const store = await Store.open(tempDir(), { now: () => now });
  const far = makeRow(1, { startNs: YEAR_2500_NS, durationNs: 12_000_000n });

  await assert.rejects(store.append([makeRow(0), far]), {
    code: ErrorCode.InvalidRow,
    message: /^row 1: start time 2500-01-01T00:00:00\.000Z is more than 3 h ahead of the receiver's clock/,
  });
  await assert.rejects(store.append(encodeRows([far])), { code: ErrorCode.InvalidRow });
  await assert.rejects(store.append(encodeRows([far]), { validated: true }), { code: ErrorCode.InvalidRow });
  await assert.rejects(store.append([makeRow(2, { startNs: BASE_NS + 3n * HOUR_NS + 1_000_000n })]), {
    code: ErrorCode.InvalidRow,
  });
  await store.append([makeRow(3, { startNs: BASE_NS + 3n * HOUR_NS - 1_000_000n })]);
  assert.equal(store.length, 1);
  assert.equal(store.maxFutureMs, 3 * 3_600_000);
  await store.close();

  const lenient = await Store.open(tempDir(), { now: () => now, maxFuture: '30000w' });
  await lenient.append([far]);
  assert.equal(lenient.length, 1);
  await lenient.close();
  await assert.rejects(Store.open(tempDir(), { maxFuture: 'soon' }), { code: ErrorCode.InvalidArgument });
});

test('retention drops every expired segment, also those behind a segment that holds a span dated ahead', async () => {
  const dir = tempDir();
  let now = Number(BASE_NS / 1_000_000n);
  const store = await Store.open(dir, {
    segmentRows: 100,
    retention: '1h',
    maxFuture: '30000w',
    now: () => now,
  });
  const rows = Array.from({ length: 300 }, (_, i) =>
    makeRow(i, { startNs: i === 150 ? YEAR_2500_NS : BASE_NS + BigInt(i) * 1_000_000n }),
  );
  for (let k = 0; k < 3; k++) {
    await store.append(rows.slice(100 * k, 100 * (k + 1)));
    await store.checkpoint();
  }
  now += 2 * 3_600_000;
  const fresh = Array.from({ length: 10 }, (_, i) => makeRow(300 + i, { startNs: BASE_NS + 2n * HOUR_NS }));
  await store.append(fresh);
  await store.checkpoint();

  const expectKept = (view: Pick<Store, 'fetch' | 'scan'>): void => {
    for (const gone of [0, 99, 200, 299]) assert.throws(() => view.fetch(gone), { code: ErrorCode.Expired });
    assert.deepStrictEqual(view.fetch(150), rows[150]);
    assert.deepStrictEqual(view.fetch(305), fresh[5]);
    const seen: number[] = [];
    view.scan({}, (i) => {
      seen.push(i);
    });
    assert.deepEqual(seen, [
      ...Array.from({ length: 100 }, (_, i) => 100 + i),
      ...fresh.map((_, i) => 300 + i),
    ]);
  };
  expectKept(store);
  await store.close();

  const again = await Store.open(dir, { maxFuture: '30000w', now: () => now });
  expectKept(again);
  await again.close();
  const reader = await Store.openReader(dir);
  expectKept(reader);
  await reader.close();
  const report = await Store.verify(dir);
  assert.deepEqual(report.problems, []);
});
