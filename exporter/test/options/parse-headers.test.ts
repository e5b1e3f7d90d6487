import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHeadersVariable } from '../../src/options/parse-headers.js';

test('k=v pairs separated by commas, trimmed and URL-decoded', () => {
  const headers = parseHeadersVariable('V', ' api-key = a%20b , x-team=core%2Cinfra,, empty= ');

  assert.deepEqual(headers, { 'api-key': 'a b', 'x-team': 'core,infra', empty: '' });
});

test('a value may contain "="', () => {
  assert.deepEqual(parseHeadersVariable('V', 'authorization=Basic dTpw=='), {
    authorization: 'Basic dTpw==',
  });
});

test('an entry without "=" or with an empty key is an error naming the variable', () => {
  assert.throws(() => parseHeadersVariable('OTEL_EXPORTER_OTLP_HEADERS', 'novalue'), {
    code: 'LT_INVALID_ARGUMENT',
    message: /OTEL_EXPORTER_OTLP_HEADERS/,
  });
  assert.throws(() => parseHeadersVariable('V', '=v'), { code: 'LT_INVALID_ARGUMENT' });
  assert.throws(() => parseHeadersVariable('V', 'k=%E0%A4%A'), { code: 'LT_INVALID_ARGUMENT', message: /V/ });
});
