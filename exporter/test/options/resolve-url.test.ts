import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TRACES_URL, resolveTracesUrl } from '../../src/options/resolve-url.js';

const ALL = {
  LAPTIME_URL: 'http://laptime:1111',
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:2222/custom/path',
  OTEL_EXPORTER_OTLP_ENDPOINT: 'http://base:3333',
};

test('the url option wins over every variable, and gets /v1/traces when it names no path', () => {
  assert.equal(resolveTracesUrl('http://opt:4318', ALL), 'http://opt:4318/v1/traces');
  assert.equal(resolveTracesUrl('http://opt:4318/', ALL), 'http://opt:4318/v1/traces');
});

test('a url option with a path is used as is', () => {
  assert.equal(resolveTracesUrl('https://opt/ingest/traces', ALL), 'https://opt/ingest/traces');
});

test('LAPTIME_URL comes next, then the traces endpoint as is, then the base endpoint plus /v1/traces', () => {
  assert.equal(resolveTracesUrl(undefined, ALL), 'http://laptime:1111/v1/traces');

  const { LAPTIME_URL: _l, ...noLaptime } = ALL;
  assert.equal(resolveTracesUrl(undefined, noLaptime), 'http://traces:2222/custom/path');

  const { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: _t, ...baseOnly } = noLaptime;
  assert.equal(resolveTracesUrl(undefined, baseOnly), 'http://base:3333/v1/traces');
});

test('the base endpoint keeps its own path and gains /v1/traces after it', () => {
  const url = resolveTracesUrl(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://gw:80/otlp/' });

  assert.equal(url, 'http://gw/otlp/v1/traces');
});

test('nothing set: the local collector; empty variables count as unset', () => {
  assert.equal(resolveTracesUrl(undefined, {}), DEFAULT_TRACES_URL);
  assert.equal(
    resolveTracesUrl(undefined, { LAPTIME_URL: '  ', OTEL_EXPORTER_OTLP_ENDPOINT: '' }),
    DEFAULT_TRACES_URL,
  );
  assert.equal(DEFAULT_TRACES_URL, 'http://localhost:4318/v1/traces');
});

test('a bad URL is an error naming the option or variable and the value', () => {
  assert.throws(() => resolveTracesUrl('localhost:4318', {}), {
    code: 'LT_INVALID_ARGUMENT',
    message: /url must be an http\(s\) URL, not "localhost:4318"/,
  });
  assert.throws(() => resolveTracesUrl(undefined, { LAPTIME_URL: 'ftp://x' }), {
    code: 'LT_INVALID_ARGUMENT',
    message: /LAPTIME_URL .*"ftp:\/\/x"/,
  });
  assert.throws(() => resolveTracesUrl(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' }), {
    message: /OTEL_EXPORTER_OTLP_ENDPOINT/,
  });
  assert.throws(() => resolveTracesUrl(42, {}), { message: /url must be .*, not 42/ });
});
