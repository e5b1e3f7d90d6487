import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Segment } from '../../../src/engine/segment.js';
import { pickExpired } from '../../../src/engine/write/retention.js';

/** A segment double: what retention reads of a segment. */
function fakeSegment(id: number, sealed: boolean, newestMs: number, bytes: number): Segment {
  return { id, sealed, span: { maxMs: () => newestMs }, diskBytes: () => bytes } as unknown as Segment;
}

const NOW = 1_000_000;

test('retention drops the oldest sealed segments past the age, never the one being written', () => {
  const segs = [
    fakeSegment(0, true, NOW - 5000, 10),
    fakeSegment(1, true, NOW - 3000, 10),
    fakeSegment(2, true, NOW - 500, 10),
    fakeSegment(3, false, NOW - 9000, 10),
  ];
  const ids = pickExpired(segs, { retentionMs: 1000, maxBytes: null }, 0, NOW).map((s) => s.id);
  assert.deepEqual(ids, [0, 1]);
});

test('maxBytes drops the oldest sealed segments until segments and WAL fit', () => {
  const segs = [fakeSegment(0, true, NOW, 40), fakeSegment(1, true, NOW, 40), fakeSegment(2, false, NOW, 40)];
  assert.deepEqual(
    pickExpired(segs, { retentionMs: null, maxBytes: 100 }, 15, NOW).map((s) => s.id),
    [0],
  );
  assert.deepEqual(
    pickExpired(segs, { retentionMs: null, maxBytes: 10 }, 0, NOW).map((s) => s.id),
    [0, 1],
  );
  assert.deepEqual(pickExpired(segs, { retentionMs: null, maxBytes: null }, 0, NOW), []);
});
