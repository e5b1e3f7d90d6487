import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRetryAfter } from '../../src/remote/retry-after.js';

const NOW = Date.parse('2025-11-21T12:00:00Z');

test('delay-seconds', () => {
  assert.equal(parseRetryAfter('3', NOW), 3000);
  assert.equal(parseRetryAfter(' 0 ', NOW), 0);
});

test('an HTTP date: the time until then, and 0 for a date already past', () => {
  assert.equal(parseRetryAfter('Fri, 21 Nov 2025 12:00:05 GMT', NOW), 5000);
  assert.equal(parseRetryAfter('Fri, 21 Nov 2025 11:00:00 GMT', NOW), 0);
});

test('absent or unparsable: undefined, so the caller uses its own backoff', () => {
  assert.equal(parseRetryAfter(undefined, NOW), undefined);
  assert.equal(parseRetryAfter('soon', NOW), undefined);
  assert.equal(parseRetryAfter('-5', NOW), undefined);
});
