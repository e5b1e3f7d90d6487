import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchRow } from '../../src/row/decode-row.js';
import { encodeRows } from '../../src/row/encode-rows.js';
import { validateBatch } from '../../src/row/validate.js';
import { realisticBatch, realisticRows } from '../../src/testing/index.js';

const N = 3000;

test('the same seed gives the same rows, another seed others', () => {
  assert.deepEqual(realisticRows(200, { seed: 1 }), realisticRows(200, { seed: 1 }));
  assert.notDeepEqual(realisticRows(200, { seed: 1 })[0], realisticRows(200, { seed: 2 })[0]);
});

test('realisticBatch holds exactly the rows of realisticRows', () => {
  const rows = realisticRows(N, { seed: 3 });
  const batch = realisticBatch(N, { seed: 3 });
  validateBatch(batch);
  for (let i = 0; i < N; i++) assert.deepEqual(batchRow(batch, i), rows[i]);
  assert.deepEqual(encodeRows(rows).extras, batch.extras, 'the fast path writes the same bytes');
});

test('rows spread over the services and span names asked for', () => {
  const rows = realisticRows(N, { seed: 4, services: 3, names: 50 });
  assert.equal(new Set(rows.map((r) => r.service)).size, 3);
  const names = new Set(rows.map((r) => r.name)).size;
  assert.ok(names > 40 && names <= 50, `${names} names`);
  assert.equal(new Set(realisticRows(10_000, { seed: 4 }).map((r) => r.name)).size, 200);
});

test('each span has about ten attributes of mixed types and one event', () => {
  const rows = realisticRows(N, { seed: 5 });
  const types = new Set<string>();
  for (const r of rows) {
    const values = Object.values(r.attributes);
    assert.ok(values.length >= 9 && values.length <= 11);
    for (const v of values) types.add(Array.isArray(v) ? 'array' : typeof v);
    assert.equal(r.events.length, 1);
    assert.ok(
      r.events[0]!.timeUnixNano >= r.startTimeUnixNano && r.events[0]!.timeUnixNano <= r.endTimeUnixNano,
    );
  }
  assert.deepEqual([...types].sort(), ['array', 'bigint', 'boolean', 'number', 'string']);
});

test('traces have roots and children whose parents are in the same trace', () => {
  const rows = realisticRows(N, { seed: 6 });
  const byId = new Map(rows.map((r) => [Buffer.from(r.spanId).toString('hex'), r]));
  const roots = rows.filter((r) => r.parentSpanId === null);
  assert.ok(roots.length > N / 20 && roots.length < N / 2, `${roots.length} roots`);
  for (const r of rows) {
    if (r.parentSpanId === null) continue;
    const parent = byId.get(Buffer.from(r.parentSpanId).toString('hex'));
    assert.ok(parent !== undefined);
    assert.deepEqual(parent.traceId, r.traceId);
    assert.ok(r.startTimeUnixNano >= parent.startTimeUnixNano);
  }
});

test('durations are log-normal with a heavy tail', () => {
  const rows = realisticRows(10_000, { seed: 7 });
  const durations = rows.map((r) => Number(r.endTimeUnixNano - r.startTimeUnixNano)).sort((a, b) => a - b);
  const q = (p: number): number => durations[Math.floor(p * (durations.length - 1))]!;
  assert.ok(q(0) >= 1);
  assert.ok(q(0.999) / q(0.5) > 50, `p99.9 / p50 = ${q(0.999) / q(0.5)}`);
});

test('about errorRate of the spans fail, each with a status message', () => {
  const rows = realisticRows(10_000, { seed: 8, errorRate: 0.05 });
  const errors = rows.filter((r) => r.statusCode === 2);
  assert.ok(Math.abs(errors.length / rows.length - 0.05) < 0.01, `${errors.length} errors`);
  assert.ok(errors.every((r) => r.statusMessage !== '' && r.events[0]!.name === 'exception'));
  assert.ok(rows.filter((r) => r.statusCode !== 2).every((r) => r.statusMessage === ''));
});

test('the first span starts at startNs', () => {
  const rows = realisticRows(1, { seed: 9, startNs: 5_000_000_000n });
  assert.ok(rows[0]!.startTimeUnixNano >= 5_000_000_000n);
  assert.ok(rows[0]!.startTimeUnixNano < 5_100_000_000n);
});
