import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AmbiguousError,
  ExpiredError,
  IoError,
  NoSpaceError,
  NotFoundError,
  OverloadedError,
} from '@laptime/store';
import { CollectorError, CollectorErrorCode, toCollectorError } from '../src/errors.js';
import { OtlpDecodeError } from '../src/otlp/index.js';

test('store errors keep their code and get their HTTP status', () => {
  const cases: [Error, string, number][] = [
    [new NotFoundError('x'), 'LT_NOT_FOUND', 404],
    [new ExpiredError('x'), 'LT_EXPIRED', 410],
    [new AmbiguousError('x'), 'LT_AMBIGUOUS', 400],
    [new IoError('x'), 'LT_IO', 500],
    [new OtlpDecodeError('x'), 'LT_OTLP_DECODE', 400],
  ];
  for (const [err, code, status] of cases) {
    const e = toCollectorError(err);
    assert.deepEqual([e.code, e.status, e.retryAfter], [code, status, null]);
  }
});

test('overload and a full disk are 503 with a Retry-After', () => {
  for (const err of [new OverloadedError('x'), new NoSpaceError('x')]) {
    const e = toCollectorError(err);
    assert.equal(e.status, 503);
    assert.equal(e.retryAfter, 1);
  }
});

test('the queue being full is 429 with a Retry-After', () => {
  const e = new CollectorError(CollectorErrorCode.Throttled, 'full');

  assert.deepEqual([e.status, e.retryAfter], [429, 1]);
});

test('anything unexpected is LT_INTERNAL 500 with its message, not its stack', () => {
  const e = toCollectorError(new TypeError('boom'));

  assert.equal(e.code, 'LT_INTERNAL');
  assert.equal(e.status, 500);
  assert.match(e.message, /boom/);
});
