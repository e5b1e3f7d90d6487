import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ErrorCode } from '../../src/errors.js';
import {
  PAGE_FORMAT_VERSION,
  PAGE_HEADER_BYTES,
  PAGE_MAGIC,
  type PageHeader,
  checkPage,
  isBlankPage,
  readHeader,
  sealChecksum,
  writeHeader,
} from '../../src/page/header.js';

const PAGE_SIZE = 4096;
const U64_MAX = (1n << 64n) - 1n;

const sample: PageHeader = {
  columnId: 3,
  used: 4000,
  firstRow: 2 ** 40 + 17,
  rowCount: 500,
  minStart: 1_700_000_000_000_000_000n,
  maxStart: U64_MAX,
  minDuration: 0n,
  maxDuration: 123_456_789n,
};

function sealedPage(h: PageHeader = sample): Uint8Array {
  const page = new Uint8Array(PAGE_SIZE);
  writeHeader(page, h);
  page.fill(0xab, PAGE_HEADER_BYTES);
  sealChecksum(page);
  return page;
}

function flipBit(page: Uint8Array, offset: number): void {
  page[offset] = page[offset]! ^ 0x10;
}

test('a written header reads back field for field', () => {
  const page = new Uint8Array(PAGE_SIZE);

  writeHeader(page, sample);

  assert.deepEqual(readHeader(page), sample);
});

test('the header layout matches DESIGN.md: magic LTPG, version, column id, little-endian', () => {
  const page = sealedPage();
  const v = new DataView(page.buffer);

  assert.equal(new TextDecoder().decode(page.subarray(0, 4)), 'LTPG');
  assert.equal(v.getUint32(0, true), PAGE_MAGIC);
  assert.equal(v.getUint16(4, true), PAGE_FORMAT_VERSION);
  assert.equal(v.getUint16(6, true), sample.columnId);
  assert.equal(v.getUint32(12, true), sample.used);
  assert.equal(v.getBigUint64(16, true), BigInt(sample.firstRow));
  assert.equal(v.getUint32(24, true), sample.rowCount);
  assert.equal(v.getUint32(28, true), 0);
  assert.equal(v.getBigUint64(40, true), sample.maxStart);
  assert.equal(v.getBigUint64(56, true), sample.maxDuration);
});

test('any header round-trips through write, seal and check', () => {
  const seed = Number(process.env.LAPTIME_SEED ?? Date.now());
  console.log(`header round-trip seed: ${seed}`);
  const u64 = fc.bigInt({ min: 0n, max: U64_MAX });
  const header = fc.record({
    columnId: fc.integer({ min: 0, max: 0xffff }),
    used: fc.integer({ min: 0, max: PAGE_SIZE - PAGE_HEADER_BYTES }),
    firstRow: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    rowCount: fc.integer({ min: 0, max: 0xffffffff }),
    minStart: u64,
    maxStart: u64,
    minDuration: u64,
    maxDuration: u64,
  });
  fc.assert(
    fc.property(header, (h) => {
      assert.deepEqual(checkPage(sealedPage(h), 'prop'), { ...h });
    }),
    { seed },
  );
});

test('writeHeader rejects fields that do not fit, naming the field', () => {
  const page = new Uint8Array(PAGE_SIZE);

  assert.throws(() => writeHeader(page, { ...sample, columnId: 0x10000 }), {
    code: ErrorCode.InvalidArgument,
    message: /columnId/,
  });
  assert.throws(() => writeHeader(page, { ...sample, used: PAGE_SIZE }), { message: /used/ });
  assert.throws(() => writeHeader(page, { ...sample, firstRow: -1 }), { message: /firstRow/ });
  assert.throws(() => writeHeader(page, { ...sample, maxStart: U64_MAX + 1n }), { message: /maxStart/ });
  assert.throws(() => writeHeader(new Uint8Array(32), sample), { code: ErrorCode.InvalidArgument });
});

test('checkPage accepts a sealed page and returns its header', () => {
  assert.deepEqual(checkPage(sealedPage(), 'start.col page 0'), sample);
});

test('checkPage reports a bad magic first, naming where', () => {
  const page = sealedPage();
  page[0] = 0;
  page[4] = 99; // a bad version too: magic is checked first

  assert.throws(() => checkPage(page, 'seg/0000000001/start.col page 7'), {
    code: ErrorCode.Corrupt,
    message: /^seg\/0000000001\/start\.col page 7: bad page magic/,
  });
});

test('checkPage reports a newer version as a format error before the checksum', () => {
  const page = sealedPage();
  page[4] = PAGE_FORMAT_VERSION + 1;
  flipBit(page, 100); // the checksum is wrong too: version comes first

  assert.throws(() => checkPage(page, 'f.col page 2'), {
    code: ErrorCode.FormatVersion,
    message: /f\.col page 2: page format version 2 is newer/,
  });
});

test('checkPage reports version 0 as corruption', () => {
  const page = sealedPage();
  page[4] = 0;

  assert.throws(() => checkPage(page, 'f.col page 2'), { code: ErrorCode.Corrupt, message: /version 0/ });
});

test('checkPage catches a flipped bit anywhere the checksum covers', () => {
  for (const offset of [12, 20, 63, PAGE_HEADER_BYTES, PAGE_SIZE - 1]) {
    const page = sealedPage();
    flipBit(page, offset);

    assert.throws(() => checkPage(page, `f.col page ${offset}`), {
      code: ErrorCode.Corrupt,
      message: new RegExp(`f\\.col page ${offset}: page checksum mismatch`),
    });
  }
});

test('checkPage rejects a sealed header whose fields are out of range', () => {
  const page = sealedPage();
  new DataView(page.buffer).setUint32(12, PAGE_SIZE, true); // used > payload
  sealChecksum(page);

  assert.throws(() => checkPage(page, 'f.col page 1'), { code: ErrorCode.Corrupt, message: /out of range/ });
});

test('checkPage of a buffer shorter than a header is corruption, not a crash', () => {
  assert.throws(() => checkPage(new Uint8Array(10), 'f.col page 0'), { code: ErrorCode.Corrupt });
});

test('isBlankPage is true only for all-zero pages, aligned or not', () => {
  const buffer = new ArrayBuffer(PAGE_SIZE + 3);
  const aligned = new Uint8Array(buffer, 0, PAGE_SIZE);
  const unaligned = new Uint8Array(buffer, 3, PAGE_SIZE);

  assert.equal(isBlankPage(aligned), true);
  assert.equal(isBlankPage(unaligned), true);
  new Uint8Array(buffer)[PAGE_SIZE + 2] = 1; // the last byte of the unaligned view only
  assert.equal(isBlankPage(aligned), true);
  assert.equal(isBlankPage(unaligned), false);
  assert.equal(isBlankPage(sealedPage()), false);
});
