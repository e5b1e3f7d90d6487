import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_MAX_QUEUE_SPANS,
  DEFAULT_TIMEOUT_MILLIS,
  resolveOptions,
  type RemoteOptions,
} from '../../src/options/exporter-options.js';

function remote(options: Parameters<typeof resolveOptions>[0], env: NodeJS.ProcessEnv = {}): RemoteOptions {
  const r = resolveOptions(options, env);
  assert.equal(r.mode, 'remote');
  return r;
}

test('defaults: remote to the local collector, 10 s timeout, no compression, 8192 queued spans', () => {
  const r = remote({});

  assert.deepEqual(r, {
    mode: 'remote',
    url: 'http://localhost:4318/v1/traces',
    headers: {},
    timeoutMillis: DEFAULT_TIMEOUT_MILLIS,
    compression: 'none',
    maxQueueSpans: DEFAULT_MAX_QUEUE_SPANS,
  });
  assert.equal(DEFAULT_TIMEOUT_MILLIS, 10_000);
  assert.equal(DEFAULT_MAX_QUEUE_SPANS, 8192);
});

test('headers: the variables, under the headers option, under the token', () => {
  const env = {
    OTEL_EXPORTER_OTLP_HEADERS: 'x-a=env,x-b=env,Authorization=Basic%20env',
    OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-b=traces-env',
  };

  const r = remote({ headers: { 'X-A': 'option' }, token: 's3cret' }, env);

  assert.deepEqual(r.headers, { 'x-a': 'option', 'x-b': 'traces-env', authorization: 'Bearer s3cret' });
});

test('LAPTIME_TOKEN is the default token', () => {
  assert.equal(remote({}, { LAPTIME_TOKEN: 'abc' }).headers['authorization'], 'Bearer abc');
});

test('dataDir selects embedded mode and excludes url', () => {
  assert.deepEqual(resolveOptions({ dataDir: './d', store: { poolMB: 8 } }, {}), {
    mode: 'embedded',
    dataDir: './d',
    store: { poolMB: 8 },
    timeoutMillis: DEFAULT_TIMEOUT_MILLIS,
  });
  assert.throws(() => resolveOptions({ dataDir: './d', url: 'http://x' }, {}), {
    code: 'LT_INVALID_ARGUMENT',
    message: /url must be unset when dataDir is set/,
  });
});

test('every bad value is refused at once, naming the option and the value', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ timeoutMillis: 0 }, /timeoutMillis .*, not 0/],
    [{ timeoutMillis: '5000' }, /timeoutMillis .*, not "5000"/],
    [{ timeoutMillis: Infinity }, /timeoutMillis .*, not Infinity/],
    [{ compression: 'brotli' }, /compression must be 'gzip' or 'none', not "brotli"/],
    [{ maxQueueSpans: 0 }, /maxQueueSpans .*, not 0/],
    [{ maxQueueSpans: 1.5 }, /maxQueueSpans .*, not 1.5/],
    [{ dataDir: '' }, /dataDir must be a directory path, not ""/],
    [{ headers: 'x=y' }, /headers must be an object/],
    [{ headers: { 'bad name': 'v' } }, /headers name must be a valid HTTP header name, not "bad name"/],
    [{ url: 'mailto:a@b' }, /url must be an http\(s\) URL, not "mailto:a@b"/],
  ];
  for (const [options, message] of cases) {
    assert.throws(
      () => resolveOptions(options, {}),
      { code: 'LT_INVALID_ARGUMENT', message },
      JSON.stringify(options),
    );
  }
});

test('credentials are not repeated in errors', () => {
  assert.throws(
    () => resolveOptions({ headers: { authorization: 'Bearer top\nsecret' } }, {}),
    (err: Error) => /headers\["authorization"\]/.test(err.message) && !err.message.includes('secret'),
  );
  assert.throws(
    () => resolveOptions({}, { LAPTIME_TOKEN: 'has space' }),
    (err: Error) => /LAPTIME_TOKEN/.test(err.message) && !err.message.includes('has space'),
  );
});

test('OTEL_EXPORTER_OTLP_[TRACES_]TIMEOUT and _COMPRESSION: the traces variable wins, an option wins over both', () => {
  const env = {
    OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
    OTEL_EXPORTER_OTLP_COMPRESSION: 'none',
    OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: 'GZIP',
  };

  const fromEnv = remote({}, env);
  const fromOptions = remote({ timeoutMillis: 700, compression: 'none' }, env);

  assert.equal(fromEnv.timeoutMillis, 2500);
  assert.equal(fromEnv.compression, 'gzip');
  assert.equal(fromOptions.timeoutMillis, 700);
  assert.equal(fromOptions.compression, 'none');
  assert.equal(
    resolveOptions({ dataDir: './d' }, { OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '900' }).timeoutMillis,
    900,
  );
});

test('a bad OTEL_EXPORTER_OTLP_* value is refused, naming the variable', () => {
  assert.throws(() => resolveOptions({}, { OTEL_EXPORTER_OTLP_TIMEOUT: '10s' }), {
    code: 'LT_INVALID_ARGUMENT',
    message: /OTEL_EXPORTER_OTLP_TIMEOUT .*, not "10s"/,
  });
  assert.throws(() => resolveOptions({}, { OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: 'brotli' }), {
    code: 'LT_INVALID_ARGUMENT',
    message: /OTEL_EXPORTER_OTLP_TRACES_COMPRESSION must be 'gzip' or 'none', not "brotli"/,
  });
});
