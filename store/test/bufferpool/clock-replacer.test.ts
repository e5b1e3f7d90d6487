import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClockReplacer } from '../../src/bufferpool/clock-replacer.js';

function evictable(frames: number, accessed: number[]): ClockReplacer {
  const replacer = new ClockReplacer(frames);
  for (const f of accessed) replacer.recordAccess(f);
  for (let f = 0; f < frames; f++) replacer.setEvictable(f, true);
  return replacer;
}

test('with every frame referenced, the hand clears them all and takes the first', () => {
  const replacer = evictable(4, [0, 1, 2, 3]);

  assert.equal(replacer.evict(), 0);
});

test('a frame accessed since the hand passed gets a second chance', () => {
  const replacer = evictable(4, [0, 1, 2, 3]);
  assert.equal(replacer.evict(), 0); // hand now at 1, all reference bits clear

  replacer.recordAccess(1);

  assert.equal(replacer.evict(), 2);
  assert.equal(replacer.evict(), 3);
  assert.equal(replacer.evict(), 1);
});

test('unreferenced frames go in hand order, from where the hand stopped', () => {
  const replacer = evictable(5, [0, 2, 4]);

  assert.deepEqual([replacer.evict(), replacer.evict(), replacer.evict()], [1, 3, 0]);
});

test('the hand passes pinned frames without taking them', () => {
  const replacer = evictable(3, []);
  replacer.setEvictable(0, false);
  replacer.setEvictable(1, false);

  assert.equal(replacer.evict(), 2);
  assert.equal(replacer.evict(), -1);
});
