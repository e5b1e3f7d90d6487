import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode } from '../../src/errors.js';
import { BATCH_FORMAT_VERSION, decodeBatch, encodeBatch } from '../../src/row/batch-codec.js';
import { batchRow } from '../../src/row/decode-row.js';
import { encodeRows } from '../../src/row/encode-rows.js';
import { sampleRow } from '../support/arbitraries.js';

/** A batch of three rows (two services), encoded with first index 2^40 + 5. */
function encodedSample(): Uint8Array {
  const other = { ...sampleRow(), service: 'cart', name: 'SELECT shop.carts' };
  return encodeBatch(encodeRows([sampleRow(), other, sampleRow()]), 2 ** 40 + 5);
}

function setWord(bytes: Uint8Array, byteOffset: number, value: number): void {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(byteOffset, value, true);
}

test('the payload starts with the format version and the first index, little-endian', () => {
  const bytes = encodedSample();
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  assert.equal(view.getUint32(0, true), BATCH_FORMAT_VERSION);
  assert.equal(view.getUint32(4, true), 3);
  assert.equal(view.getBigUint64(8, true), 2n ** 40n + 5n);
});

test('decoding gives back the rows and the first index', () => {
  const { firstIndex, batch } = decodeBatch(encodedSample());
  assert.equal(firstIndex, 2 ** 40 + 5);
  assert.equal(batch.length, 3);
  assert.deepEqual(batch.strings, ['checkout', 'GET /api/cart/:id', 'cart', 'SELECT shop.carts']);
  assert.deepEqual(batchRow(batch, 2), sampleRow());
});

test('a payload inside a Buffer at an odd offset decodes the same', () => {
  const bytes = encodedSample();
  const record = Buffer.concat([Buffer.from([1]), bytes]);
  assert.deepEqual(batchRow(decodeBatch(record.subarray(1)).batch, 0), sampleRow());
});

test('an empty batch round-trips', () => {
  const { firstIndex, batch } = decodeBatch(encodeBatch(encodeRows([]), 0));
  assert.equal(firstIndex, 0);
  assert.equal(batch.length, 0);
});

test('a first index that is not a safe non-negative integer is refused', () => {
  const batch = encodeRows([]);
  assert.throws(() => encodeBatch(batch, -1), { code: ErrorCode.InvalidArgument });
  assert.throws(() => encodeBatch(batch, 2 ** 53), { code: ErrorCode.InvalidArgument });
});

test('a newer format version is a FormatVersionError', () => {
  const bytes = encodedSample();
  setWord(bytes, 0, BATCH_FORMAT_VERSION + 1);
  assert.throws(() => decodeBatch(bytes), { code: ErrorCode.FormatVersion });
});

test('malformed payloads are CorruptErrors', () => {
  const cases: [string, (b: Uint8Array) => Uint8Array][] = [
    ['a truncated header', (b) => b.subarray(0, 20)],
    ['a truncated body', (b) => b.subarray(0, b.length - 1)],
    ['a trailing byte', (b) => Uint8Array.from([...b, 0])],
    ['version 0', (b) => (setWord(b, 0, 0), b)],
    ['a reserved word set', (b) => (setWord(b, 36, 1), b)],
    ['a first index past 2^53', (b) => (setWord(b, 12, 0x200000), b)],
    ['a row count that does not match', (b) => (setWord(b, 4, 4), b)],
    ['a service outside the string table', (b) => (setWord(b, 40 + 4 * (4 * 3 + 3), 9), b)],
    ['a context outside the context table', (b) => (setWord(b, 40 + 4 * (4 * 3 + 9), 9), b)],
    ['extras offsets going backwards', (b) => (setWord(b, 40 + 4 * (4 * 3 + 13), 0), b)],
    ['extras offsets past the extras', (b) => (setWord(b, 40 + 4 * (4 * 3 + 14), 1 << 20), b)],
  ];
  for (const [what, corrupt] of cases) {
    assert.throws(() => decodeBatch(corrupt(encodedSample())), { code: ErrorCode.Corrupt }, what);
  }
});

test('a name that is not valid UTF-8 is a CorruptError', () => {
  const batch = encodeRows([sampleRow()]);
  const bytes = encodeBatch({ ...batch, strings: ['\u00e9', 'x'] }, 0);
  const at = bytes.indexOf(0xc3);
  bytes[at + 1] = 0x28;
  assert.throws(() => decodeBatch(bytes), { code: ErrorCode.Corrupt, message: /not valid UTF-8/ });
});
