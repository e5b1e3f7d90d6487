import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Prng } from '../../src/testing/prng.js';

test('a seed fixes the sequence', () => {
  const a = new Prng(123);
  const b = new Prng(123);
  for (let k = 0; k < 100; k++) assert.equal(a.uint32(), b.uint32());
  assert.notEqual(new Prng(1).uint32(), new Prng(2).uint32());
});

test('values stay in their ranges and cover them', () => {
  const prng = new Prng(7);
  const seen = new Set<number>();
  for (let k = 0; k < 10_000; k++) {
    const x = prng.next();
    assert.ok(x >= 0 && x < 1);
    seen.add(prng.int(10));
  }
  assert.equal(seen.size, 10);
});

test('normal deviates have mean 0 and variance 1', () => {
  const prng = new Prng(11);
  let sum = 0;
  let sumSq = 0;
  const n = 50_000;
  for (let k = 0; k < n; k++) {
    const x = prng.normal();
    sum += x;
    sumSq += x * x;
  }
  assert.ok(Math.abs(sum / n) < 0.02);
  assert.ok(Math.abs(sumSq / n - 1) < 0.03);
});

test('fillId never leaves an id all zero', () => {
  const id = new Uint8Array(8);
  const prng = new Prng(0);
  for (let k = 0; k < 1000; k++) {
    prng.fillId(id, 0, 8);
    assert.ok(id.some((b) => b !== 0));
  }
});
