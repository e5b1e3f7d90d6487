import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Store } from '../../src/engine/store.js';
import { ErrorCode } from '../../src/errors.js';
import { FaultyDisk } from '../../src/io/faulty-disk.js';
import { nodeDisk } from '../../src/io/disk.js';
import { BASE_NS, crashCopy, damagePage, makeRow, makeRows, tempDir } from './helpers.js';

async function verifyClean(dir: string): Promise<void> {
  const report = await Store.verify(dir);
  assert.deepEqual(report.problems, [], `verify found problems in ${dir}`);
  assert.equal(report.ok, true);
}

test('appended rows come back equal from fetch, before and after reopening', async () => {
  const dir = tempDir();
  const rows = makeRows(0, 300);
  const store = await Store.open(dir);
  const r1 = await store.append(rows.slice(0, 100));
  const r2 = await store.append(rows.slice(100));
  assert.deepEqual(r1, { first: 0, count: 100 });
  assert.deepEqual(r2, { first: 100, count: 200 });
  for (let i = 0; i < rows.length; i++) assert.deepStrictEqual(store.fetch(i), rows[i]);
  await store.close();
  const again = await Store.open(dir);
  assert.equal(again.length, 300);
  for (let i = 0; i < rows.length; i++) assert.deepStrictEqual(again.fetch(i), rows[i]);
  await again.close();
  await verifyClean(dir);
});

test('fetch past the end is NotFound; a bad index is a usage error', async () => {
  const dir = tempDir();
  const store = await Store.open(dir);
  assert.throws(() => store.fetch(0), { code: ErrorCode.NotFound });
  await store.append(makeRows(0, 3));
  assert.throws(() => store.fetch(3), { code: ErrorCode.NotFound, message: /rows 0 to 2/ });
  assert.throws(() => store.fetch(-1), { code: ErrorCode.InvalidArgument });
  assert.throws(() => store.fetch(1.5), { code: ErrorCode.InvalidArgument });
  await store.close();
});

test('an invalid row rejects the whole append and names the row', async () => {
  const dir = tempDir();
  const store = await Store.open(dir);
  const bad = makeRow(1);
  bad.endTimeUnixNano = bad.startTimeUnixNano - 1n;
  await assert.rejects(store.append([makeRow(0), bad]), { code: ErrorCode.InvalidRow, message: /row 1/ });
  assert.equal(store.length, 0);
  await store.close();
});

for (const walCompression of [false, true]) {
  test(`rows survive a crash: a copy of the directory taken mid-flight recovers every acknowledged row (walCompression ${String(walCompression)})`, async () => {
    const dir = tempDir();
    const store = await Store.open(dir, { checkpointBytes: 64 * 1024, walCompression });
    const rows = makeRows(0, 3000);
    for (let i = 0; i < rows.length; i += 250) await store.append(rows.slice(i, i + 250));
    const copy = crashCopy(dir);
    await store.close();
    const recovered = await Store.open(copy);
    assert.equal(recovered.length, 3000);
    for (let i = 0; i < rows.length; i += 97) assert.deepStrictEqual(recovered.fetch(i), rows[i]);
    assert.deepEqual(recovered.series(), await reopenSeries(dir));
    await recovered.close();
    await verifyClean(copy);
  });
}

test('a WAL whose records were written with and without walCompression recovers every row', async () => {
  // Each round appends, then goes on from a copy taken before close: the WAL is never checkpointed.
  let dir = tempDir();
  const rows = makeRows(0, 900);
  for (const [k, walCompression] of [true, false, true].entries()) {
    const store = await Store.open(dir, { walCompression });
    await store.append(rows.slice(k * 300, k * 300 + 300));
    const copy = crashCopy(dir);
    await store.close();
    dir = copy;
  }
  const recovered = await Store.open(dir);
  assert.equal(recovered.length, 900);
  for (let i = 0; i < rows.length; i += 37) assert.deepStrictEqual(recovered.fetch(i), rows[i]);
  await recovered.close();
  await verifyClean(dir);
});

async function reopenSeries(dir: string) {
  const s = await Store.open(dir);
  const out = s.series();
  await s.close();
  return out;
}

test('lifetime stats match a recount; exact stats equal the true percentiles', async () => {
  const dir = tempDir();
  const store = await Store.open(dir);
  const durations: number[] = [];
  const rows = Array.from({ length: 2000 }, (_, i) => {
    const d = BigInt(Math.round(Math.exp(10 + ((i * 7919) % 1000) / 200)));
    durations.push(Number(d));
    return makeRow(i, { service: 'checkout', name: 'GET /cart', durationNs: d, error: i % 50 === 0 });
  });
  await store.append(rows);
  const s = store.stats('GET /cart');
  assert.equal(s.count, 2000);
  assert.equal(s.errors, 40);
  const sorted = [...durations].sort((a, b) => a - b);
  const meanMs = durations.reduce((a, b) => a + b, 0) / durations.length / 1e6;
  assert.ok(Math.abs(s.mean - meanMs) < 1e-9 * meanMs);
  assert.equal(s.min, sorted[0]! / 1e6);
  assert.equal(s.max, sorted[sorted.length - 1]! / 1e6);
  const exact = store.stats('GET /cart', { exact: true });
  assert.equal(exact.exact, true);
  assert.equal(exact.count, 2000);
  for (const [q, key] of [
    [0.5, 'p50'],
    [0.99, 'p99'],
  ] as const) {
    const truth = sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! / 1e6;
    assert.ok(Math.abs(s[key] - truth) <= 0.0101 * truth, `${key} ${s[key]} vs ${truth}`);
    assert.ok(Math.abs(exact[key] - truth) <= 1e-9 * truth + 1e-12 || exact[key] === truth, `exact ${key}`);
  }
  await store.close();
});

test('window stats count only spans that started in [from, to)', async () => {
  const dir = tempDir();
  const store = await Store.open(dir);
  const rows = Array.from({ length: 1000 }, (_, i) =>
    makeRow(i, { name: 'w', service: 's', startNs: BASE_NS + BigInt(i) * 1_000_000_000n }),
  );
  await store.append(rows);
  const fromMs = Number(BASE_NS / 1_000_000n) + 100_000;
  const toMs = fromMs + 250_000;
  const s = store.stats('w', { from: fromMs, to: toMs, exact: true });
  assert.equal(s.count, 250);
  const visited: number[] = [];
  store.scan({ name: 'w', from: fromMs, to: toMs }, (i) => void visited.push(i));
  assert.deepEqual(
    visited,
    Array.from({ length: 250 }, (_, k) => 100 + k),
  );
  await store.close();
});

test('a pool of a few pages serves data many times its size correctly', async () => {
  const dir = tempDir();
  const store = await Store.open(dir, { poolMB: 0.75, pageSize: 4096, checkpointBytes: 256 * 1024 });
  const rows = makeRows(0, 6000);
  for (let i = 0; i < rows.length; i += 500) await store.append(rows.slice(i, i + 500));
  for (let i = 0; i < rows.length; i += 37) assert.deepStrictEqual(store.fetch(i), rows[i]);
  const m = store.metrics();
  assert.ok(m.pool.evictions > 0, 'the pool had to evict');
  assert.equal(
    store.stats('op-3', { service: 'svc-0' }).count,
    rows.filter((r) => r.name === 'op-3' && r.service === 'svc-0').length,
  );
  await store.close();
  await verifyClean(dir);
});

test('a second writer on the same directory gets a clear LockedError; a stale lock is taken over', async () => {
  const dir = tempDir();
  const store = await Store.open(dir);
  await assert.rejects(Store.open(dir), {
    code: ErrorCode.Locked,
    message: new RegExp(dir.replace(/[/\\]/g, '.')),
  });
  await store.close();
  fs.writeFileSync(
    path.join(dir, 'LOCK'),
    JSON.stringify({ pid: 2 ** 22 + 12345, hostname: (await import('node:os')).hostname(), startedAt: 'x' }),
  );
  const again = await Store.open(dir);
  await again.close();
});

test('a reader sees a consistent snapshot while the writer appends', async () => {
  const dir = tempDir();
  const store = await Store.open(dir, { checkpointBytes: 32 * 1024 });
  const rows = makeRows(0, 2000);
  await store.append(rows.slice(0, 1000));
  const reader = await Store.openReader(dir);
  await store.append(rows.slice(1000));
  assert.equal(reader.length, 1000);
  for (let i = 0; i < 1000; i += 13) assert.deepStrictEqual(reader.fetch(i), rows[i]);
  assert.throws(() => reader.fetch(1000), { code: ErrorCode.NotFound });
  assert.equal(
    reader.series().reduce((n, s) => n + s.count, 0),
    1000,
  );
  await reader.close();
  const later = await Store.openReader(dir);
  assert.equal(later.length, 2000);
  assert.deepStrictEqual(later.fetch(1999), rows[1999]);
  await later.close();
  await store.close();
});

test('verify names a damaged page', async () => {
  const dir = tempDir();
  const store = await Store.open(dir);
  // Enough rows that page 0 of every column is full and below the WAL replay point.
  const rows = makeRows(0, 40_000);
  for (let i = 0; i < rows.length; i += 5000) await store.append(rows.slice(i, i + 5000));
  await store.close();
  damagePage(path.join(dir, 'seg', '0000000000', 'traceId.col'));
  const report = await Store.verify(dir);
  assert.equal(report.ok, false);
  assert.match(report.problems[0]!.where, /traceId\.col page 0/);
  assert.match(report.problems.map((p) => p.what).join('\n'), /checksum/);
});

test('series beyond the cap count into __overflow__ and keep their own names', async () => {
  const dir = tempDir();
  const store = await Store.open(dir, { maxSeries: 3 });
  const rows = Array.from({ length: 10 }, (_, i) => makeRow(i, { service: 'svc', name: `n${i}` }));
  await store.append(rows);
  const names = store.series().map((s) => s.name);
  assert.ok(names.includes('__overflow__'));
  // Three real series, plus the overflow series that holds the other seven.
  assert.equal(store.series().length, 4);
  assert.equal(store.stats('__overflow__').count, 7);
  assert.equal(store.metrics().seriesOverflow > 0, true);
  for (let i = 0; i < rows.length; i++) assert.deepStrictEqual(store.fetch(i), rows[i]);
  await store.close();
  const again = await Store.open(dir);
  for (let i = 0; i < rows.length; i++) assert.deepStrictEqual(again.fetch(i), rows[i]);
  await again.close();
});

test('retention drops whole old segments: their rows answer Expired, lifetime counts remain', async () => {
  const dir = tempDir();
  let now = Number(BASE_NS / 1_000_000n);
  const store = await Store.open(dir, { segmentRows: 100, retention: '1h', now: () => now });
  const old = Array.from({ length: 250 }, (_, i) =>
    makeRow(i, { service: 's', name: 'n', startNs: BASE_NS + BigInt(i) }),
  );
  await store.append(old);
  await store.checkpoint();
  now += 2 * 3_600_000;
  const fresh = Array.from({ length: 50 }, (_, i) =>
    makeRow(250 + i, { service: 's', name: 'n', startNs: BASE_NS + 2n * 3_600_000_000_000n + BigInt(i) }),
  );
  await store.append(fresh);
  await store.checkpoint();
  assert.ok(store.firstIndex > 0, 'old segments were dropped');
  assert.throws(() => store.fetch(0), { code: ErrorCode.Expired });
  assert.deepStrictEqual(store.fetch(299), fresh[49]);
  assert.equal(store.stats('n').count, 300);
  await store.close();
  await verifyClean(dir);
});

test('ENOSPC on the WAL rejects that append with LT_NO_SPACE; the store works again once space returns', async () => {
  const dir = tempDir();
  const disk = new FaultyDisk(nodeDisk);
  const store = await Store.open(dir, { disk });
  await store.append(makeRows(0, 10));
  const remove = disk.inject({ op: 'write', pathIncludes: `${path.sep}wal${path.sep}`, error: 'ENOSPC' });
  await assert.rejects(store.append(makeRows(10, 10)), { code: ErrorCode.NoSpace });
  remove();
  const r = await store.append(makeRows(10, 10));
  assert.deepEqual(r, { first: 10, count: 10 });
  assert.deepStrictEqual(store.fetch(15), makeRow(15));
  await store.close();
  const again = await Store.open(dir);
  assert.equal(again.length, 20);
  await again.close();
  await verifyClean(dir);
});

test('findTrace finds every row of a trace across sealed and open segments, without a scan', async () => {
  const dir = tempDir();
  const store = await Store.open(dir, { segmentRows: 200 });
  const rows = makeRows(0, 1000);
  for (let i = 0; i < rows.length; i += 100) {
    await store.append(rows.slice(i, i + 100));
    await store.checkpoint();
  }
  const expected = (t: Uint8Array) => rows.flatMap((r, i) => (Buffer.compare(r.traceId, t) === 0 ? [i] : []));
  for (const i of [0, 5, 399, 400, 801, 999]) {
    assert.deepEqual(store.findTrace(rows[i]!.traceId), expected(rows[i]!.traceId), `trace of row ${i}`);
  }
  assert.deepEqual(store.findTrace(new Uint8Array(16).fill(7)), []);
  assert.ok(store.metrics().segments > 1, 'some segments were sealed');
  const reader = await Store.openReader(dir);
  assert.deepEqual(reader.findTrace(rows[999]!.traceId), expected(rows[999]!.traceId));
  await reader.close();
  await store.close();
  const again = await Store.open(dir);
  assert.deepEqual(again.findTrace(rows[998]!.traceId), expected(rows[998]!.traceId));
  await again.close();
  await verifyClean(dir);
});

test('when one group commit fails, the appends queued behind it still get contiguous indexes', async () => {
  const dir = tempDir();
  const disk = new FaultyDisk(nodeDisk);
  const store = await Store.open(dir, { disk });
  await store.append(makeRows(0, 5));
  disk.inject({ op: 'write', pathIncludes: `${path.sep}wal${path.sep}`, error: 'ENOSPC', times: 1 });
  const results = await Promise.allSettled(
    Array.from({ length: 6 }, (_, k) => store.append(makeRows(100 * k, 10))),
  );
  const ok = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  assert.ok(
    results.some((r) => r.status === 'rejected'),
    'the faulty write failed its group',
  );
  const firsts = ok.map((r) => r.first).sort((a, b) => a - b);
  assert.deepEqual(
    firsts,
    firsts.map((_, i) => 5 + 10 * i),
    'acknowledged appends are contiguous',
  );
  assert.equal(store.length, 5 + 10 * ok.length);
  await store.close();
  const again = await Store.open(dir);
  assert.equal(again.length, 5 + 10 * ok.length);
  await again.close();
  await verifyClean(dir);
});

test('a store with many sealed segments keeps a bounded number of files open and reads them all', async () => {
  const dir = tempDir();
  const store = await Store.open(dir, { segmentRows: 20 });
  const rows = makeRows(0, 1500);
  for (let i = 0; i < rows.length; i += 20) {
    await store.append(rows.slice(i, i + 20));
    await store.checkpoint();
  }
  assert.ok(store.metrics().segments >= 70);
  for (let i = 0; i < rows.length; i += 7) assert.deepStrictEqual(store.fetch(i), rows[i]);
  const fds = (await import('node:fs')).readdirSync('/proc/self/fd').length;
  assert.ok(fds < 48 * 12 + 100, `${fds} descriptors open`);
  await store.close();
  await verifyClean(dir);
});

test('rows fetched earlier stay intact when their pages are evicted and the frames reused', async () => {
  const dir = tempDir();
  const store = await Store.open(dir, { poolMB: 0.75, pageSize: 4096 });
  const rows = makeRows(0, 3000);
  await store.append(rows);
  const fetched = rows.map((_, i) => store.fetch(i));
  for (let i = 0; i < rows.length; i++) assert.deepStrictEqual(fetched[i], rows[i]);
  await store.close();
});

test('a reader counts the WAL tail past the last checkpoint into its statistics, on demand', async () => {
  const dir = tempDir();
  const store = await Store.open(dir);
  await store.append(makeRows(0, 500, { service: 's', name: 'n' }));
  await store.checkpoint();
  await store.append(makeRows(500, 700, { service: 's', name: 'n' }));
  const reader = await Store.openReader(dir);
  assert.equal(reader.length, 1200);
  assert.deepStrictEqual(reader.fetch(1199), makeRow(1199, { service: 's', name: 'n' }));
  assert.deepEqual(reader.stats('n'), store.stats('n'));
  assert.deepEqual(reader.stats('n', { exact: true }), store.stats('n', { exact: true }));
  await reader.close();
  await store.close();
});
