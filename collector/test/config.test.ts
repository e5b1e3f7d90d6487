import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG, resolveConfig } from '../src/config.js';

test('defaults apply when neither flags nor environment say anything', () => {
  assert.deepEqual(resolveConfig({ env: {} }), DEFAULT_CONFIG);
  assert.equal(DEFAULT_CONFIG.port, 4318);
  assert.equal(DEFAULT_CONFIG.maxBody, 64 * 1024 * 1024);
});

test('the environment overrides defaults; flags override the environment', () => {
  const env = { LAPTIME_PORT: '9000', LAPTIME_HOST: '0.0.0.0', LAPTIME_POOL_MB: '128', LAPTIME_TOKEN: 't' };

  const config = resolveConfig({ env, flags: { port: '9100' } });

  assert.equal(config.port, 9100);
  assert.equal(config.host, '0.0.0.0');
  assert.equal(config.poolMB, 128);
  assert.equal(config.token, 't');
});

test('sizes and durations are parsed; empty values fall through', () => {
  const config = resolveConfig({
    env: {
      LAPTIME_MAX_BODY: '1MiB',
      LAPTIME_RETENTION: '7d',
      LAPTIME_MAX_BYTES: '10GB',
      LAPTIME_TOKEN: '',
      LAPTIME_MAX_WAL: '2GiB',
    },
    flags: { maxSeries: '500', dataDir: '' },
  });

  assert.equal(config.maxBody, 1024 * 1024);
  assert.equal(config.retention, 7 * 86_400_000);
  assert.equal(config.maxBytes, 10e9);
  assert.equal(config.maxWal, 2 * 1024 ** 3);
  assert.equal(config.maxSeries, 500);
  assert.equal(config.token, null);
  assert.equal(config.dataDir, './laptime-data');
});

test('a bad value is an LT_CONFIG error naming the variable or flag and the value', () => {
  const cases: [Parameters<typeof resolveConfig>[0], RegExp][] = [
    [{ env: { LAPTIME_PORT: 'http' } }, /^LAPTIME_PORT: 'http'/],
    [{ env: { LAPTIME_PORT: '70000' } }, /^LAPTIME_PORT: '70000'/],
    [{ flags: { port: '-1' } }, /^--port: '-1'/],
    [{ env: { LAPTIME_POOL_MB: '0' } }, /^LAPTIME_POOL_MB: '0'/],
    [{ env: { LAPTIME_RETENTION: 'forever' } }, /^LAPTIME_RETENTION: 'forever' is not a duration/],
    [{ flags: { maxBody: 'big' } }, /^--max-body: 'big' is not a size/],
    [{ env: { LAPTIME_MAX_SERIES: '1.5' } }, /^LAPTIME_MAX_SERIES: '1.5'/],
    [{ flags: { maxWal: 'lots' } }, /^--max-wal: 'lots' is not a size/],
  ];
  for (const [layers, message] of cases) {
    assert.throws(() => resolveConfig(layers), { code: 'LT_CONFIG', message });
  }
});
