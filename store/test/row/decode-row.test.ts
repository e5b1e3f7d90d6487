import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode } from '../../src/errors.js';
import { batchRow, decodeRow, type RowParts } from '../../src/row/decode-row.js';
import { encodeRows } from '../../src/row/encode-rows.js';
import { sampleRow } from '../support/arbitraries.js';

/** The parts of the sample row, as the engine would read them from its columns. */
function sampleParts(): RowParts {
  const batch = encodeRows([sampleRow()]);
  return {
    traceId: batch.traceIds.slice(),
    spanId: batch.spanIds.slice(),
    parentSpanId: batch.parentSpanIds.slice(),
    startLo: batch.starts[0]!,
    startHi: batch.starts[1]!,
    durationLo: 250_000_000,
    durationHi: 0,
    flags: batch.flags[0]!,
    kind: batch.kinds[0]!,
    statusCode: batch.statusCodes[0]!,
    service: 'checkout',
    name: 'GET /api/cart/:id',
    extras: batch.extras,
    context: batch.contexts[0]!,
  };
}

test('decodeRow builds the row from column values, extras and context', () => {
  assert.deepEqual(decodeRow(sampleParts()), sampleRow());
});

test('the row owns its ids: the engine may reuse its buffers afterwards', () => {
  const parts = sampleParts();
  const row = decodeRow(parts);
  parts.traceId.fill(0);
  parts.spanId.fill(0);
  parts.parentSpanId.fill(0);
  assert.deepEqual(row.traceId, sampleRow().traceId);
  assert.deepEqual(row.parentSpanId, sampleRow().parentSpanId);
});

test('an all-zero parent id decodes as a root span', () => {
  const parts = sampleParts();
  parts.parentSpanId.fill(0);
  assert.equal(decodeRow(parts).parentSpanId, null);
});

test('the end time carries from the low word into the high word', () => {
  const parts = { ...sampleParts(), startLo: 0xffffffff, startHi: 1, durationLo: 2, durationHi: 0 };
  const row = decodeRow(parts);
  assert.equal(row.startTimeUnixNano, 2n ** 33n - 1n);
  assert.equal(row.endTimeUnixNano, 2n ** 33n + 1n);
});

test('batchRow recovers the duration across a word boundary', () => {
  const row = { ...sampleRow(), startTimeUnixNano: 2n ** 32n - 1n, endTimeUnixNano: 2n ** 32n + 5n };
  assert.deepEqual(batchRow(encodeRows([row]), 0), row);
});

test('malformed extras or context are CorruptErrors naming the part', () => {
  assert.throws(() => decodeRow({ ...sampleParts(), extras: Uint8Array.of(0x1a, 0x09) }), {
    code: ErrorCode.Corrupt,
    message: 'malformed row extras: length past the end',
  });
  assert.throws(() => decodeRow({ ...sampleParts(), context: Uint8Array.of(0x0b) }), {
    code: ErrorCode.Corrupt,
    message: 'malformed row context: invalid wire type 3',
  });
});

test('the last of a repeated scalar wins and unknown fields are skipped', () => {
  const parts = sampleParts();
  // trace_state twice, then an unknown varint field 40
  const extra = Uint8Array.of(0x1a, 0x01, 0x61, 0x1a, 0x01, 0x62, 0xc0, 0x02, 0x07);
  const row = decodeRow({ ...parts, extras: Uint8Array.from([...parts.extras, ...extra]) });
  assert.equal(row.traceState, 'b');
});
