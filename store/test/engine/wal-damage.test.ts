import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Store } from '../../src/engine/store.js';
import type { StoreEvent } from '../../src/engine/store-event.js';
import { ErrorCode } from '../../src/errors.js';
import type { Row } from '../../src/row/types.js';
import { crashCopy, makeRow, tempDir } from './helpers.js';

const BATCHES = 60;
const ROWS_PER_BATCH = 20;
const WAL_FILE = '0000000000000001.log';

/** A crash copy of a store that acknowledged BATCHES appends (one WAL record each), no checkpoint. */
async function crashedStore(): Promise<{ dir: string; rows: Row[] }> {
  const dir = tempDir();
  const store = await Store.open(dir);
  const rows: Row[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const batch = Array.from({ length: ROWS_PER_BATCH }, (_, i) => makeRow(b * ROWS_PER_BATCH + i));
    await store.append(batch);
    rows.push(...batch);
  }
  const copy = crashCopy(dir);
  await store.close();
  return { dir: copy, rows };
}

function walFile(dir: string): string {
  return path.join(dir, 'wal', WAL_FILE);
}

function flipByteAt(file: string, fraction: number): void {
  const bytes = fs.readFileSync(file);
  bytes[Math.floor(bytes.length * fraction)]! ^= 0x5a;
  fs.writeFileSync(file, bytes);
}

test('a flipped byte mid-WAL: open and verify refuse naming the record and its rows, and cut nothing', async () => {
  const { dir } = await crashedStore();
  const file = walFile(dir);
  flipByteAt(file, 0.5);
  const size = fs.statSync(file).size;

  await assert.rejects(Store.open(dir), (err: Error & { code?: string }) => {
    assert.equal(err.code, ErrorCode.Corrupt);
    assert.match(err.message, new RegExp(`WAL file ${WAL_FILE}: the record at byte \\d+ is damaged`));
    assert.match(err.message, /rows \d+ to \d+ are in the damaged part; nothing was cut/);
    assert.match(err.message, /--salvage-wal/);
    assert.doesNotMatch(err.message, new RegExp(dir));
    return true;
  });
  assert.equal(fs.statSync(file).size, size, 'the WAL file was not shortened');

  const report = await Store.verify(dir);
  assert.equal(report.ok, false);
  assert.match(report.problems.map((p) => p.what).join('\n'), /the record at byte \d+ is damaged/);
  // Still nothing cut after a refused open and a verify.
  assert.equal(fs.statSync(file).size, size);
});

test('salvageWal drops exactly the damaged record, keeps every later row renumbered, and moves the old log aside', async () => {
  const { dir, rows } = await crashedStore();
  flipByteAt(walFile(dir), 0.5);
  const events: StoreEvent[] = [];

  const store = await Store.open(dir, { salvageWal: true, onEvent: (e) => events.push(e) });

  assert.equal(events.length, 1);
  const e = events[0]!;
  assert.equal(e.type, 'wal-salvaged');
  if (e.type !== 'wal-salvaged') return;
  assert.equal(e.lostRows, ROWS_PER_BATCH);
  const lostFrom = Number(/rows (\d+) to/.exec(e.damaged[0]!)![1]);
  assert.equal(lostFrom % ROWS_PER_BATCH, 0);
  assert.equal(e.renumberedRows, rows.length - lostFrom - ROWS_PER_BATCH);
  assert.ok(fs.existsSync(path.join(dir, e.movedTo, WAL_FILE)), 'the damaged log is kept');
  const expected = [...rows.slice(0, lostFrom), ...rows.slice(lostFrom + ROWS_PER_BATCH)];
  assert.equal(store.length, expected.length);
  for (let i = 0; i < expected.length; i++) assert.deepStrictEqual(store.fetch(i), expected[i], `row ${i}`);
  await store.append([makeRow(99_999)]);
  await store.close();

  const again = await Store.open(dir);
  assert.equal(again.length, expected.length + 1);
  await again.close();
  const report = await Store.verify(dir);
  assert.deepEqual(report.problems, []);
});

test('a torn WAL tail is cut and reported with its size through onEvent', async () => {
  const { dir, rows } = await crashedStore();
  const file = walFile(dir);
  const size = fs.statSync(file).size;
  fs.truncateSync(file, size - 100);
  const events: StoreEvent[] = [];

  const store = await Store.open(dir, { onEvent: (e) => events.push(e) });

  assert.equal(store.length, rows.length - ROWS_PER_BATCH);
  assert.equal(events.length, 1);
  const e = events[0]!;
  assert.equal(e.type, 'wal-cut');
  if (e.type !== 'wal-cut') return;
  assert.equal(e.file, `wal/${WAL_FILE}`);
  assert.equal(e.bytes, fs.statSync(file).size === e.offset ? size - 100 - e.offset : -1);
  await store.close();
});
