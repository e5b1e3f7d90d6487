import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RowBatchBuilder } from '../../src/row/builder.js';

/** Fills row `i` with recognisable values derived from `tag`. */
function fillRow(b: RowBatchBuilder, i: number, tag: number): void {
  b.traceIds.fill(tag, i * 16, i * 16 + 16);
  b.spanIds.fill(tag, i * 8, i * 8 + 8);
  b.parentSpanIds.fill(tag, i * 8, i * 8 + 8);
  b.starts[2 * i] = tag;
  b.ends[2 * i] = tag + 1;
  b.flags[i] = tag;
  b.kinds[i] = 1;
  b.statusCodes[i] = 2;
  b.services[i] = b.internString(`svc-${tag}`);
  b.names[i] = b.internString('op');
  b.contextIds[i] = b.internContext(Uint8Array.of(tag));
  b.extras.raw(Uint8Array.of(tag, tag), 0, 2);
}

function isRowZero(b: RowBatchBuilder, i: number): boolean {
  const parts = [
    b.traceIds.subarray(i * 16, i * 16 + 16),
    b.spanIds.subarray(i * 8, i * 8 + 8),
    b.parentSpanIds.subarray(i * 8, i * 8 + 8),
    b.starts.subarray(2 * i, 2 * i + 2),
    b.ends.subarray(2 * i, 2 * i + 2),
    b.flags.subarray(i, i + 1),
    b.kinds.subarray(i, i + 1),
    b.statusCodes.subarray(i, i + 1),
    b.services.subarray(i, i + 1),
    b.names.subarray(i, i + 1),
    b.contextIds.subarray(i, i + 1),
  ];
  return parts.every((p) => p.every((v) => v === 0));
}

test('rows grow past the initial capacity and keep their values', () => {
  const b = new RowBatchBuilder(2);
  for (let k = 1; k <= 100; k++) {
    fillRow(b, b.beginRow(), k);
    b.commitRow();
  }
  const batch = b.finish();
  assert.equal(batch.length, 100);
  assert.equal(batch.traceIds.length, 1600);
  assert.equal(batch.traceIds[99 * 16], 100);
  assert.equal(batch.starts[2 * 99], 100);
  assert.equal(batch.strings[batch.services[41]!], 'svc-42');
  assert.deepEqual(batch.extras.subarray(batch.extrasEnd[0], batch.extrasEnd[1]), Uint8Array.of(2, 2));
  assert.equal(batch.extrasEnd[99], 200);
});

test('a new row starts all zero, so a root span needs no parent id written', () => {
  const b = new RowBatchBuilder(4);
  const i = b.beginRow();
  assert.ok(isRowZero(b, i));
});

test('abortRow forgets the row, its fields and its extras', () => {
  const b = new RowBatchBuilder(4);
  fillRow(b, b.beginRow(), 1);
  b.commitRow();
  fillRow(b, b.beginRow(), 2);
  b.abortRow();
  const i = b.beginRow();
  assert.equal(i, 1);
  assert.ok(isRowZero(b, i));
  assert.equal(b.extras.pos, 2);
  assert.equal(b.length, 1);
});

test('beginRow twice drops the first, uncommitted row', () => {
  const b = new RowBatchBuilder(4);
  fillRow(b, b.beginRow(), 5);
  const i = b.beginRow();
  assert.equal(i, 0);
  assert.ok(isRowZero(b, i));
  assert.equal(b.extras.pos, 0);
});

test('reset discards every row and leaves zeroed arrays behind', () => {
  const b = new RowBatchBuilder(4);
  for (let k = 1; k <= 3; k++) {
    fillRow(b, b.beginRow(), k);
    b.commitRow();
  }
  b.reset();
  assert.equal(b.length, 0);
  for (let i = 0; i < 3; i++) assert.ok(isRowZero(b, i));
  assert.equal(b.finish().strings.length, 0);
});

test('finish hands the rows over and the builder starts afresh', () => {
  const b = new RowBatchBuilder(4);
  fillRow(b, b.beginRow(), 7);
  b.commitRow();
  const first = b.finish();
  fillRow(b, b.beginRow(), 9);
  b.commitRow();
  const second = b.finish();
  assert.equal(first.traceIds[0], 7, 'the first batch is not overwritten by later rows');
  assert.equal(first.strings[0], 'svc-7');
  assert.equal(second.traceIds[0], 9);
  assert.deepEqual(second.strings, ['svc-9', 'op']);
});

test('finish drops a row begun but not committed', () => {
  const b = new RowBatchBuilder(4);
  fillRow(b, b.beginRow(), 1);
  b.commitRow();
  fillRow(b, b.beginRow(), 2);
  const batch = b.finish();
  assert.equal(batch.length, 1);
  assert.equal(batch.extras.length, 2);
});

test('internString gives equal strings one index', () => {
  const b = new RowBatchBuilder();
  assert.equal(b.internString('a'), 0);
  assert.equal(b.internString('b'), 1);
  assert.equal(b.internString('a'), 0);
});

test('internContext deduplicates by content and copies what it keeps', () => {
  const b = new RowBatchBuilder();
  const scratch = Uint8Array.of(1, 2, 3, 4);
  const first = b.internContext(scratch, 1, 3);
  scratch[1] = 9;
  const second = b.internContext(Uint8Array.of(2, 3));
  const third = b.internContext(scratch, 1, 3);
  b.beginRow();
  b.commitRow();
  const batch = b.finish();
  assert.equal(first, second);
  assert.notEqual(third, first);
  assert.deepEqual(batch.contexts[first], Uint8Array.of(2, 3));
});

test('commitRow without beginRow is a programming error', () => {
  const b = new RowBatchBuilder();
  assert.throws(() => b.commitRow(), /without beginRow/);
});
