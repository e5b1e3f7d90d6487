import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { laptime, type CliRun } from './run-cli.js';

/** collector/package.json, from the test's source or its built copy under dist/. */
const PACKAGE_JSON = new URL('../../package.json', import.meta.url.replace('/dist/test/', '/test/'));
const PACKAGE_VERSION = (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;

/** Exit 2, one line starting `laptime: ` that contains `needle`, nothing on stdout. */
function assertUsage(r: CliRun, needle: string): void {
  assert.equal(r.code, 2, r.stderr);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /^laptime: /);
  assert.ok(lines[0]!.includes(needle), `${lines[0]} names ${needle}`);
  assert.equal(r.stdout, '');
}

describe('version and usage errors', { concurrency: true }, () => {
  test('--version and -V print the package version and exit 0', async () => {
    const runs = await Promise.all([laptime(['--version']), laptime(['-V'])]);

    for (const r of runs) {
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `${PACKAGE_VERSION}\n`);
    }
  });

  test('a malformed URL is a usage error naming it, from a flag or from LAPTIME_URL', async () => {
    const [flag, env, load] = await Promise.all([
      laptime(['stats', '--url', 'not-a-url']),
      laptime(['names'], { LAPTIME_URL: 'ftp://example.com' }),
      laptime(['load', '--url', 'localhost:4318']),
    ]);

    assertUsage(flag, "'not-a-url'");
    assertUsage(env, "LAPTIME_URL: 'ftp://example.com'");
    assertUsage(load, "'localhost:4318'");
  });

  test('serve with a bad port or pool size is a usage error naming the value', async () => {
    const [port, pool] = await Promise.all([
      laptime(['serve', '--port', 'abc']),
      laptime(['serve', '--pool-mb', '-3', '--port', '0']),
    ]);

    assertUsage(port, "--port: 'abc'");
    assertUsage(pool, "'-3'");
  });

  test('bad filters of fetch all are usage errors naming the value', async () => {
    const runs = await Promise.all([
      laptime(['fetch', 'all', '--min-duration', 'slow']),
      laptime(['fetch', 'all', '--status', 'failed']),
      laptime(['fetch', 'all', '--trace', 'xyz']),
      laptime(['fetch', 'all', '--order', 'newest']),
      laptime(['fetch', 'all', '--from', 'yesterday']),
      laptime(['trace', '12345']),
    ]);

    for (const [r, value] of runs.map(
      (r, i) => [r, ['slow', 'failed', 'xyz', 'newest', 'yesterday', '12345'][i]!] as const,
    ))
      assertUsage(r, `'${value}'`);
  });

  test('a filter given with a row index names the flag that belongs to "fetch all"', async () => {
    const r = await laptime(['fetch', '3', '--status', 'error']);

    assertUsage(r, '--status goes with "fetch all"');
  });

  test('without ./laptime-data and without a source: exit 1 suggesting --data, --url and LAPTIME_URL', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'laptime-cli-cwd-'));
    try {
      const r = await laptime(['stats'], {}, { cwd: empty });

      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /^laptime: no data directory at \.\/laptime-data: .*--data.*--url.*LAPTIME_URL/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
