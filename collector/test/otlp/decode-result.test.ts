import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeTally, MAX_REASON_LENGTH, MAX_REPORTED_ERRORS } from '../../src/otlp/decode-result.js';

test('the tally counts every span but keeps only the first reasons', () => {
  const tally = new DecodeTally();

  tally.accepted++;
  for (let k = 0; k < 10; k++) tally.reject(tally.seen, `reason ${k}`);

  assert.deepEqual(tally.result(), {
    accepted: 1,
    rejected: 10,
    errors: [
      'span 1: reason 0',
      'span 2: reason 1',
      'span 3: reason 2',
      'span 4: reason 3',
      'span 5: reason 4',
    ],
  });
  assert.equal(tally.result().errors.length, MAX_REPORTED_ERRORS);
});

test('a long reason (quoting a huge key, say) is cut', () => {
  const tally = new DecodeTally();

  tally.reject(0, `attributes.${'k'.repeat(100_000)} intValue must be an int64`);

  const [reason] = tally.result().errors;
  assert.ok(reason!.length <= 'span 0: '.length + MAX_REASON_LENGTH + '...'.length);
  assert.ok(reason!.endsWith('...'));
});
