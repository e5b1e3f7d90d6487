import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode } from '../../src/errors.js';
import { LruKReplacer } from '../../src/bufferpool/lru-k-replacer.js';

function replay(frames: number, accesses: number[], k?: number): LruKReplacer {
  const replacer = new LruKReplacer(frames, k);
  for (const f of accesses) replacer.recordAccess(f);
  for (let f = 0; f < frames; f++) replacer.setEvictable(f, true);
  return replacer;
}

function drain(replacer: LruKReplacer): number[] {
  const order: number[] = [];
  for (let f = replacer.evict(); f !== -1; f = replacer.evict()) order.push(f);
  return order;
}

test('frames with fewer than K accesses go first, earliest first access first', () => {
  // times:           1  2  3  4  5  6
  const replacer = replay(4, [0, 1, 2, 3, 0, 1]);

  assert.deepEqual(drain(replacer), [2, 3, 0, 1]);
});

test('a frame accessed once goes before one accessed twice, however recent (scan resistance)', () => {
  const replacer = replay(2, [0, 0, 1]);

  assert.deepEqual(drain(replacer), [1, 0]);
});

test('among full histories, the oldest K-th most recent access goes first, not the oldest last access', () => {
  // Frame 0 at times 1 and 4, frame 1 at times 2 and 3: LRU would evict 1 (last access 3 < 4),
  // LRU-2 evicts 0 (second most recent access 1 < 2).
  const replacer = replay(2, [0, 1, 1, 0]);

  assert.deepEqual(drain(replacer), [0, 1]);
});

test('only the last K accesses count', () => {
  // Frame 0 at times 1, 4, 5; frame 1 at 2, 3: frame 0's first access is the oldest of all, but
  // its second most recent (4) is newer than frame 1's (2).
  const replacer = replay(2, [0, 1, 1, 0, 0]);

  assert.deepEqual(drain(replacer), [1, 0]);
});

test('an evicted frame starts a fresh history', () => {
  const replacer = replay(2, [0, 0, 1, 1]);
  assert.equal(replacer.evict(), 0);

  replacer.recordAccess(0); // one access since: infinite distance again
  replacer.setEvictable(0, true);

  assert.deepEqual(drain(replacer), [0, 1]);
});

test('K = 1 is plain LRU', () => {
  const replacer = replay(3, [0, 1, 2, 0], 1);

  assert.deepEqual(drain(replacer), [1, 2, 0]);
});

test('rejects a K outside [1, MAX_LRU_K]', () => {
  assert.throws(() => new LruKReplacer(4, 0), { code: ErrorCode.InvalidArgument });
  assert.throws(() => new LruKReplacer(4, 9), { code: ErrorCode.InvalidArgument });
});
