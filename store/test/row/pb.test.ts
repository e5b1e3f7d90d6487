import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ProtoError, ProtoReader, ProtoWriter, WireType, copyBytes, toInt64 } from '../../src/row/pb.js';
import { arbDouble, arbInt64, propertySeed } from '../support/arbitraries.js';

function bytes(...b: number[]): Uint8Array {
  return Uint8Array.from(b);
}

function written(fill: (w: ProtoWriter) => void): Uint8Array {
  const w = new ProtoWriter(16);
  fill(w);
  return w.finish();
}

test('uint32 writes canonical varints at every length boundary', () => {
  assert.deepEqual(
    written((w) => w.uint32(0)),
    bytes(0),
  );
  assert.deepEqual(
    written((w) => w.uint32(127)),
    bytes(0x7f),
  );
  assert.deepEqual(
    written((w) => w.uint32(128)),
    bytes(0x80, 0x01),
  );
  assert.deepEqual(
    written((w) => w.uint32(0xffffffff)),
    bytes(0xff, 0xff, 0xff, 0xff, 0x0f),
  );
});

test('int64 writes negatives as ten-byte two’s complement varints', () => {
  assert.deepEqual(
    written((w) => w.int64(-1n)),
    bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01),
  );
  assert.equal(new ProtoReader(written((w) => w.int64(-1n))).int64(), -1n);
});

test('int64 and uint64 round-trip every value', () => {
  const seed = propertySeed('pb int64 round trip');
  fc.assert(
    fc.property(arbInt64(), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (i, u) => {
      const r = new ProtoReader(
        written((w) => {
          w.int64(i);
          w.uint64(u);
          w.fixed64Big(u);
        }),
      );
      assert.equal(r.int64(), i);
      assert.equal(r.uint64(), u);
      assert.equal(r.fixed64Big(), u);
      assert.ok(r.eof());
    }),
    { seed, numRuns: 500 },
  );
});

test('doubles keep -0, NaN and the infinities', () => {
  const seed = propertySeed('pb double round trip');
  fc.assert(
    fc.property(arbDouble(), (d) => {
      assert.ok(Object.is(new ProtoReader(written((w) => w.double(d))).double(), d));
    }),
    { seed, numRuns: 300 },
  );
});

test('strings round-trip, short and long, ASCII or not, with a leading byte-order mark', () => {
  for (const s of [
    '',
    'a',
    'x'.repeat(127),
    'é'.repeat(60),
    '日本'.repeat(50),
    '\uFEFFhi',
    'y'.repeat(5000),
  ]) {
    const out = written((w) => w.string(s));
    const r = new ProtoReader(out);
    assert.equal(r.string(), s);
    assert.ok(r.eof());
  }
});

test('strings cost exactly their UTF-8 bytes plus the length prefix', () => {
  const s = 'é'.repeat(100); // 200 bytes: the prefix takes two bytes
  const out = written((w) => w.string(s));
  assert.equal(out.length, 202);
});

test('a lone surrogate is written as U+FFFD', () => {
  assert.equal(new ProtoReader(written((w) => w.string('a\uD800b'))).string(), 'a\uFFFDb');
});

test('fork and join write the length of sub-messages, also past 127 bytes', () => {
  const out = written((w) => {
    w.tag(1, WireType.Len);
    const outer = w.fork();
    w.tag(2, WireType.Len);
    const inner = w.fork();
    w.raw(new Uint8Array(300).fill(7), 0, 300);
    w.join(inner);
    w.join(outer);
  });
  const r = new ProtoReader(out);
  assert.equal(r.tag(), (1 << 3) | WireType.Len);
  const outer = r.enter();
  assert.equal(r.tag(), (2 << 3) | WireType.Len);
  const payload = r.bytesView();
  assert.equal(payload.length, 300);
  assert.ok(payload.every((b) => b === 7));
  assert.ok(r.eof());
  r.leave(outer);
  assert.ok(r.eof());
});

test('the writer grows past its initial size and reset reuses it', () => {
  const w = new ProtoWriter(16);
  for (let k = 0; k < 1000; k++) w.uint32(k);
  assert.ok(w.pos > 16);
  w.reset();
  w.fixed32(0xdeadbeef);
  assert.deepEqual(w.finish(), bytes(0xef, 0xbe, 0xad, 0xde));
});

test('skip passes over every wire type', () => {
  const out = written((w) => {
    w.tag(1, WireType.Varint);
    w.int64(-5n);
    w.tag(2, WireType.Fixed64);
    w.fixed64(1, 2);
    w.tag(3, WireType.Len);
    w.string('skip me');
    w.tag(4, WireType.Fixed32);
    w.fixed32(9);
    w.tag(5, WireType.Varint);
    w.uint32(42);
  });
  const r = new ProtoReader(out);
  for (let k = 0; k < 4; k++) r.skip(r.tag() & 7);
  r.tag();
  assert.equal(r.uint32(), 42);
});

test('the reader rejects malformed input with ProtoError', () => {
  const cases: [string, Uint8Array, (r: ProtoReader) => unknown][] = [
    ['a truncated varint', bytes(0x80), (r) => r.uint32()],
    ['an eleven-byte varint', bytes(...new Array<number>(10).fill(0xff), 0x01), (r) => r.uint64()],
    ['a tenth varint byte above 1', bytes(...new Array<number>(9).fill(0xff), 0x02), (r) => r.uint64()],
    ['field number 0', bytes(0x02, 0x00), (r) => r.tag()],
    ['a start-group wire type', bytes(0x0b), (r) => r.tag()],
    ['an end-group wire type', bytes(0x0c), (r) => r.tag()],
    ['a length past the end', bytes(0x05, 0x61), (r) => r.string()],
    ['a length over 32 bits', bytes(0x80, 0x80, 0x80, 0x80, 0x10), (r) => r.lenEnd()],
    ['invalid UTF-8', bytes(0x02, 0xc3, 0x28), (r) => r.string()],
    ['an encoded surrogate', bytes(0x03, 0xed, 0xa0, 0x80), (r) => r.string()],
    ['a truncated fixed64', bytes(1, 2, 3), (r) => r.fixed64Lo()],
    ['a truncated double', bytes(1, 2, 3), (r) => r.double()],
    ['a truncated fixed32', bytes(1, 2), (r) => r.fixed32()],
    ['skipping a group', bytes(0x0b), (r) => r.skip(3)],
  ];
  for (const [what, input, read] of cases) {
    assert.throws(() => read(new ProtoReader(input)), ProtoError, what);
  }
});

test('a reader never reads past the range it was given', () => {
  const buf = written((w) => {
    w.tag(1, WireType.Len);
    w.string('abc');
  });
  const r = new ProtoReader(buf, 0, 3);
  r.tag();
  assert.throws(() => r.string(), ProtoError);
});

test('toInt64 is exact on both sides of the safe-integer range', () => {
  assert.equal(toInt64(0xffffffff, 0xffffffff), -1n);
  assert.equal(toInt64(0, 0x80000000), -(2n ** 63n));
  assert.equal(toInt64(1, 0x200000), 2n ** 53n + 1n);
  assert.equal(toInt64(0xffffffff, 0xffdfffff), -(2n ** 53n) - 1n);
});

test('copyBytes copies a Buffer into a plain, independent Uint8Array', () => {
  const src = Buffer.from('hello world, this is longer than thirty-two bytes');
  const copy = copyBytes(src, 6, src.length);
  src.fill(0);
  assert.equal(Object.getPrototypeOf(copy), Uint8Array.prototype);
  assert.equal(Buffer.from(copy).toString(), 'world, this is longer than thirty-two bytes');
});
