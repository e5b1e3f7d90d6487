import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteReader, ByteWriter } from '../../src/sketch/bytes.js';
import { OVERFLOW_NAME, OVERFLOW_SERIES_ID, SeriesTable } from '../../src/aggregate/series-table.js';

function roundTrip(table: SeriesTable, maxSeries?: number): SeriesTable {
  const w = new ByteWriter();
  table.writeTo(w);
  const r = new ByteReader(w.finish(), 'test');
  const copy = SeriesTable.readFrom(r, maxSeries);
  r.end();
  return copy;
}

test('pairs get dense ids after the overflow series, and the same pair the same id', () => {
  const table = new SeriesTable();

  const a = table.intern('api', 'GET /');
  const b = table.intern('api', 'POST /');
  const c = table.intern('db', 'GET /');

  assert.deepEqual([a, b, c], [1, 2, 3]);
  assert.equal(table.intern('api', 'GET /'), a);
  assert.equal(table.size, 4);
  assert.deepEqual(table.describe(OVERFLOW_SERIES_ID), { service: OVERFLOW_NAME, name: OVERFLOW_NAME });
});

test('lookups by name find every service; by (service, name) one series; lookup never creates', () => {
  const table = new SeriesTable();
  const a = table.intern('api', 'query');
  const b = table.intern('db', 'query');

  assert.deepEqual(table.find('query'), [a, b]);
  assert.deepEqual(table.find('query', 'db'), [b]);
  assert.deepEqual(table.find('query', 'web'), []);
  assert.deepEqual(table.find('nothing'), []);
  assert.equal(table.lookup('api', 'query'), a);
  assert.equal(table.lookup('web', 'x'), undefined);
  assert.equal(table.size, 3);
});

test('past maxSeries new pairs map to the overflow series and are counted', () => {
  const table = new SeriesTable(2);
  table.intern('s', 'a');
  table.intern('s', 'b');

  const c = table.intern('s', 'c');
  const d = table.intern('s', 'd');
  const again = table.intern('s', 'a');

  assert.equal(c, OVERFLOW_SERIES_ID);
  assert.equal(d, OVERFLOW_SERIES_ID);
  assert.equal(again, 1);
  assert.equal(table.overflowed, 2);
  assert.equal(table.size, 3);
  assert.deepEqual(table.find('c'), []);
});

test('memory is bounded by the cap: a flood of distinct pairs adds nothing past it', () => {
  const table = new SeriesTable(100);
  for (let i = 0; i < 100; i++) table.intern('svc', `op-${i}`);
  const atCap = table.memoryBytes();

  for (let i = 100; i < 10_000; i++) table.intern('svc', `op-${i}`);

  assert.equal(table.memoryBytes(), atCap);
  assert.equal(table.overflowed, 9900);
});

test('serialization round-trips ids, names and the overflow count; a new cap applies to new pairs', () => {
  const table = new SeriesTable(2);
  table.intern('api', 'a');
  table.intern('api', 'b');
  table.intern('api', 'c');

  const copy = roundTrip(table);
  const wider = roundTrip(table, 5);

  assert.deepEqual(copy.describe(2), { service: 'api', name: 'b' });
  assert.equal(copy.overflowed, 1);
  assert.equal(copy.intern('api', 'd'), OVERFLOW_SERIES_ID);
  assert.equal(wider.intern('api', 'd'), 3);
});

test('a repeated pair reads as an alias of its first id: looked up once, its id still described', () => {
  const w = new ByteWriter();
  w.u32(10);
  w.f64(0);
  w.u32(4);
  for (const s of [OVERFLOW_NAME, OVERFLOW_NAME, 'a', 'b', 'c', 'd', 'a', 'b']) w.string(s);
  const table = SeriesTable.readFrom(new ByteReader(w.finish(), 't'));

  assert.equal(table.size, 4);
  assert.equal(table.lookup('a', 'b'), 1);
  assert.deepEqual(table.find('b'), [1]);
  assert.deepEqual(table.describe(3), { service: 'a', name: 'b' });
  assert.equal(table.canonical(3), 1);
  assert.equal(table.canonical(2), 2);
  assert.deepEqual(table.aliases(), [[3, 1]]);
  assert.equal(table.intern('a', 'b'), 1);
  assert.equal(table.intern('e', 'f'), 4);
});

test('a missing overflow series or a truncation is LT_CORRUPT; unknown ids LT_NOT_FOUND', () => {
  const table = new SeriesTable();
  table.intern('x', 'y');
  const full = new ByteWriter();
  table.writeTo(full);
  const bytes = full.finish();
  const w = new ByteWriter();
  w.u32(10);
  w.f64(0);
  w.u32(1);
  for (const s of ['x', 'y']) w.string(s);

  assert.throws(() => SeriesTable.readFrom(new ByteReader(w.finish(), 't')), { code: 'LT_CORRUPT' });
  assert.throws(() => SeriesTable.readFrom(new ByteReader(bytes.subarray(0, bytes.length - 1), 't')), {
    code: 'LT_CORRUPT',
  });
  assert.throws(() => table.describe(7), { code: 'LT_NOT_FOUND' });
  assert.throws(() => new SeriesTable(-1), { code: 'LT_INVALID_ARGUMENT' });
});
