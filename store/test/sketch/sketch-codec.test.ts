import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DDSketch } from '../../src/sketch/dd-sketch.js';

function sample(): Uint8Array {
  const s = new DDSketch();
  for (const v of [0, 1, 10, 100, 1e3, 1e4, 1e9]) s.add(v);
  return s.serialize();
}

/** Offsets in the encoding (see writeSketch). */
const VERSION_AT = 4;
const COUNT_AT = 20;
const FIRST_BIN_AT = 60;

test('every truncation of a serialized sketch is rejected with LT_CORRUPT', () => {
  const bytes = sample();

  for (let n = 0; n < bytes.length; n++) {
    assert.throws(() => DDSketch.deserialize(bytes.subarray(0, n)), { code: 'LT_CORRUPT' }, `prefix ${n}`);
  }
});

test('bad magic, trailing bytes and inconsistent counts are rejected with LT_CORRUPT', () => {
  const badMagic = sample();
  badMagic[0] = badMagic[0]! ^ 0xff;
  const trailing = new Uint8Array([...sample(), 0]);
  const badCount = sample();
  new DataView(badCount.buffer).setFloat64(COUNT_AT, 99, true);
  const badBin = sample();
  new DataView(badBin.buffer).setUint32(FIRST_BIN_AT, 7, true);

  for (const bytes of [badMagic, trailing, badCount, badBin]) {
    assert.throws(() => DDSketch.deserialize(bytes), { code: 'LT_CORRUPT' });
  }
});

test('a newer format version is rejected with LT_FORMAT_VERSION, version 0 with LT_CORRUPT', () => {
  const newer = sample();
  new DataView(newer.buffer).setUint16(VERSION_AT, 2, true);
  const zero = sample();
  new DataView(zero.buffer).setUint16(VERSION_AT, 0, true);

  assert.throws(() => DDSketch.deserialize(newer), { code: 'LT_FORMAT_VERSION' });
  assert.throws(() => DDSketch.deserialize(zero), { code: 'LT_CORRUPT' });
});

test('an empty sketch round-trips', () => {
  const copy = DDSketch.deserialize(new DDSketch({ relativeAccuracy: 0.02, maxBins: 100 }).serialize());

  assert.equal(copy.count, 0);
  assert.equal(copy.relativeAccuracy, 0.02);
  assert.equal(copy.maxBins, 100);
});
