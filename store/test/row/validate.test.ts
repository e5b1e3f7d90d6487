import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode } from '../../src/errors.js';
import { encodeRows } from '../../src/row/encode-rows.js';
import {
  MAX_ANY_VALUE_DEPTH,
  MAX_CONTEXT_BYTES,
  MAX_EXTRAS_BYTES,
  MAX_NAME_BYTES,
  MAX_SERVICE_BYTES,
} from '../../src/row/limits.js';
import { ProtoWriter, WireType } from '../../src/row/pb.js';
import type { RowBatch } from '../../src/row/types.js';
import { checkContext, checkExtras, checkRow, validateBatch } from '../../src/row/validate.js';
import { sampleRow } from '../support/arbitraries.js';

function batchOf(n = 1): RowBatch {
  return encodeRows(Array.from({ length: n }, () => sampleRow()));
}

function encoded(fill: (w: ProtoWriter) => void): Uint8Array {
  const w = new ProtoWriter();
  fill(w);
  return w.finish();
}

/** A one-row batch whose extras are `extras`. */
function withExtras(extras: Uint8Array): RowBatch {
  return { ...batchOf(), extras, extrasEnd: Uint32Array.of(extras.length) };
}

/** Extras holding one attribute `{ key: AnyValue }`, the AnyValue's fields written by `value`. */
function attributeExtras(value: (w: ProtoWriter) => void): Uint8Array {
  return encoded((w) => {
    w.tag(9, WireType.Len);
    const kv = w.fork();
    w.tag(1, WireType.Len);
    w.string('key');
    w.tag(2, WireType.Len);
    const av = w.fork();
    value(w);
    w.join(av);
    w.join(kv);
  });
}

/** An AnyValue of arrays nested `depth` deep (the outer value at depth 1). */
function nestedArrays(w: ProtoWriter, depth: number): void {
  if (depth === 1) {
    w.tag(1, WireType.Len);
    w.string('leaf');
    return;
  }
  w.tag(5, WireType.Len);
  const array = w.fork();
  w.tag(1, WireType.Len);
  const item = w.fork();
  nestedArrays(w, depth - 1);
  w.join(item);
  w.join(array);
}

function linkExtras(traceIdBytes: number | null, spanIdBytes: number | null): Uint8Array {
  return encoded((w) => {
    w.tag(13, WireType.Len);
    const link = w.fork();
    if (traceIdBytes !== null) {
      w.tag(1, WireType.Len);
      w.bytes(new Uint8Array(traceIdBytes).fill(1));
    }
    if (spanIdBytes !== null) {
      w.tag(2, WireType.Len);
      w.bytes(new Uint8Array(spanIdBytes).fill(1));
    }
    w.join(link);
  });
}

test('a row from encodeRows is valid', () => {
  assert.equal(checkRow(batchOf(), 0), null);
});

test('rule: the trace id is not all zero', () => {
  const b = batchOf();
  b.traceIds.fill(0);
  assert.equal(checkRow(b, 0), 'trace id is all zero');
});

test('rule: the span id is not all zero', () => {
  const b = batchOf();
  b.spanIds.fill(0);
  assert.equal(checkRow(b, 0), 'span id is all zero');
});

test('rule: an all-zero parent id means a root span, and is valid', () => {
  const b = batchOf();
  b.parentSpanIds.fill(0);
  assert.equal(checkRow(b, 0), null);
});

test('rule: the end is not before the start (low and high words)', () => {
  const b = batchOf();
  b.ends.set([0, b.starts[1]!]);
  assert.equal(checkRow(b, 0), 'end is before start');
  b.ends.set([0xffffffff, b.starts[1]! - 1]);
  assert.equal(checkRow(b, 0), 'end is before start');
});

test('rule: a duration under 2^53 ns is kept, 2^53 ns or more (a missing start time) is not', () => {
  const b = batchOf();
  const startHi = b.starts[1]!;
  const startLo = b.starts[0]!;
  b.ends.set([startLo === 0 ? 0xffffffff : startLo - 1, startHi + 0x200000]); // 2^53 ns - 1 (or - 2^32)
  assert.equal(checkRow(b, 0), null);
  b.ends.set([startLo, startHi + 0x200000]); // exactly 2^53 ns
  assert.match(checkRow(b, 0) ?? '', /duration is 2\^53 ns .* or more/);
  b.starts.set([0, 0]); // no start time, ended now
  b.ends.set([0, Math.floor(Date.now() / 4294.967296)]);
  assert.match(checkRow(b, 0) ?? '', /start time is missing or wrong/);
});

test('rule: the kind is 0 to 5', () => {
  const b = batchOf();
  b.kinds[0] = 6;
  assert.equal(checkRow(b, 0), 'kind 6 is not a span kind');
});

test('rule: the status code is 0 to 2', () => {
  const b = batchOf();
  b.statusCodes[0] = 3;
  assert.equal(checkRow(b, 0), 'status code 3 is not a status code');
});

test('rule: empty service and span names are allowed', () => {
  const b = { ...batchOf(), strings: [''] };
  b.services[0] = 0;
  b.names[0] = 0;
  assert.equal(checkRow(b, 0), null);
});

test('rule: service and name are in the string table', () => {
  const b = batchOf();
  b.services[0] = 7;
  assert.equal(checkRow(b, 0), 'service 7 is not in the string table');
  const c = batchOf();
  c.names[0] = 7;
  assert.equal(checkRow(c, 0), 'name 7 is not in the string table');
});

test('rule: the service and the name fit their byte limits', () => {
  const b = {
    ...batchOf(),
    strings: ['x'.repeat(MAX_SERVICE_BYTES + 1), 'é'.repeat(MAX_NAME_BYTES / 2 + 1)],
  };
  b.services[0] = 0;
  b.names[0] = 1;
  assert.equal(checkRow(b, 0), `service takes more than ${MAX_SERVICE_BYTES} UTF-8 bytes`);
  b.services[0] = 1;
  b.strings[1] = 'ok';
  b.names[0] = 0;
  assert.equal(checkRow(b, 0), `name takes more than ${MAX_NAME_BYTES} UTF-8 bytes`);
});

test('rule: the context is in the context table', () => {
  const b = batchOf();
  b.contextIds[0] = 3;
  assert.equal(checkRow(b, 0), 'context 3 is not in the batch');
});

test('rule: the context fits its byte limit', () => {
  const big = encoded((w) => {
    w.tag(99, WireType.Len);
    w.bytes(new Uint8Array(MAX_CONTEXT_BYTES));
  });
  assert.equal(checkContext(big, 0, big.length), null, 'unknown fields are skipped');
  const b = { ...batchOf(), contexts: [big] };
  assert.equal(checkRow(b, 0), `context takes more than ${MAX_CONTEXT_BYTES} bytes`);
});

test('rule: the extras range is inside the extras bytes', () => {
  const b = { ...batchOf(), extrasEnd: Uint32Array.of(1 << 20) };
  assert.equal(checkRow(b, 0), 'extras range is out of bounds');
});

test('rule: the extras fit their byte limit', () => {
  const big = encoded((w) => {
    w.tag(99, WireType.Len);
    w.bytes(new Uint8Array(MAX_EXTRAS_BYTES));
  });
  assert.equal(checkExtras(big, 0, big.length), null, 'unknown fields are skipped');
  assert.equal(checkRow(withExtras(big), 0), `extras take more than ${MAX_EXTRAS_BYTES} bytes`);
});

test('rule: known fields have their wire type', () => {
  const extras = encoded((w) => {
    w.tag(10, WireType.Len);
    w.string('not a count');
  });
  assert.equal(checkRow(withExtras(extras), 0), 'extras: field 10 has wire type 2, expected 0');
});

test('rule: lengths stay inside the message', () => {
  const extras = Uint8Array.of((3 << 3) | WireType.Len, 10, 0x61);
  assert.equal(checkRow(withExtras(extras), 0), 'extras: length past the end');
});

test('rule: varints are at most ten bytes', () => {
  const extras = Uint8Array.of(10 << 3, ...new Array<number>(10).fill(0x80), 0);
  assert.equal(checkRow(withExtras(extras), 0), 'extras: varint longer than 64 bits');
});

test('rule: groups and unknown wire types are invalid', () => {
  assert.equal(checkExtras(Uint8Array.of((15 << 3) | 3), 0, 1), 'invalid wire type 3');
  assert.equal(checkExtras(Uint8Array.of((15 << 3) | 7), 0, 1), 'invalid wire type 7');
});

test('rule: field number 0 is invalid', () => {
  assert.equal(checkExtras(Uint8Array.of(0, 0), 0, 2), 'field number 0');
});

test('rule: strings are valid UTF-8, at any depth', () => {
  const badTraceState = Uint8Array.of((3 << 3) | WireType.Len, 2, 0xc3, 0x28);
  assert.equal(checkRow(withExtras(badTraceState), 0), 'extras: invalid UTF-8');
  const badValue = attributeExtras((w) => {
    w.tag(1, WireType.Len);
    w.bytes(Uint8Array.of(0xff));
  });
  assert.equal(checkExtras(badValue, 0, badValue.length), 'invalid UTF-8');
  const badScope = encoded((w) => {
    w.tag(2, WireType.Len);
    const scope = w.fork();
    w.tag(1, WireType.Len);
    w.bytes(Uint8Array.of(0xed, 0xa0, 0x80));
    w.join(scope);
  });
  assert.equal(checkContext(badScope, 0, badScope.length), 'invalid UTF-8');
});

test('rule: AnyValues nest at most 32 deep', () => {
  const deepest = attributeExtras((w) => nestedArrays(w, MAX_ANY_VALUE_DEPTH));
  assert.equal(checkExtras(deepest, 0, deepest.length), null);
  const tooDeep = attributeExtras((w) => nestedArrays(w, MAX_ANY_VALUE_DEPTH + 1));
  assert.equal(checkExtras(tooDeep, 0, tooDeep.length), 'values nest deeper than 32');
});

test('rule: link ids are 16 and 8 bytes, and present', () => {
  const ok = linkExtras(16, 8);
  assert.equal(checkExtras(ok, 0, ok.length), null);
  const shortTrace = linkExtras(15, 8);
  assert.equal(checkExtras(shortTrace, 0, shortTrace.length), 'link trace id is not 16 bytes');
  const longSpan = linkExtras(16, 9);
  assert.equal(checkExtras(longSpan, 0, longSpan.length), 'link span id is not 8 bytes');
  const missing = linkExtras(16, null);
  assert.equal(checkExtras(missing, 0, missing.length), 'link without a trace id or a span id');
});

test('rule: unknown fields are skipped by wire type', () => {
  const extras = encoded((w) => {
    w.tag(1, WireType.Len);
    w.bytes(new Uint8Array(16));
    w.tag(5, WireType.Fixed32);
    w.fixed32(1);
    w.tag(6, WireType.Fixed64);
    w.fixed64(1, 2);
    w.tag(100, WireType.Varint);
    w.int64(-1n);
  });
  assert.equal(checkRow(withExtras(extras), 0), null);
});

test('rule: the batch arrays agree with its length', () => {
  const b = { ...batchOf(2), flags: new Uint32Array(1) };
  assert.equal(checkRow(b, 0), 'flags, kinds or statusCodes has the wrong size');
  assert.throws(() => validateBatch(b), { code: ErrorCode.InvalidRow, message: /^malformed batch: flags/ });
});

test('rule: the row index is in the batch', () => {
  assert.equal(checkRow(batchOf(), 1), 'no row 1 in a batch of 1');
});

test('a range outside the buffer is a reason, not an exception', () => {
  assert.equal(checkExtras(new Uint8Array(4), 2, 9), 'range outside the buffer');
});

test('validateBatch names the first invalid row, context problems included', () => {
  const b = batchOf(3);
  b.kinds[2] = 9;
  assert.throws(() => validateBatch(b), {
    code: ErrorCode.InvalidRow,
    message: 'row 2: kind 9 is not a span kind',
  });
  const c = { ...batchOf(2), contexts: [Uint8Array.of(0x0a, 0x05)] };
  assert.throws(() => validateBatch(c), {
    code: ErrorCode.InvalidRow,
    message: 'row 0: context: length past the end',
  });
});
