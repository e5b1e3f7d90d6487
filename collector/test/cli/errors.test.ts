import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { laptime, type CliRun } from './run-cli.js';
import { filledDataDir } from './store-fixture.js';

let dataDir: string;

before(async () => {
  dataDir = await filledDataDir(50);
});

after(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

/** Exit 1 with one line on stderr and no stack trace. */
function assertFailedWith(r: CliRun, pattern: RegExp): void {
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, pattern);
  assert.equal(r.stdout, '');
}

describe('failures', { concurrency: true }, () => {
  test('an index past the end: exit 1 naming the valid range', async () => {
    const r = await laptime(['fetch', '50', '--data', dataDir]);

    assertFailedWith(r, /^laptime: row 50 does not exist: the store holds rows 0 to 49$/);
  });

  test('a missing data directory: exit 1 naming it', async () => {
    const runs = await Promise.all([
      laptime(['stats', '--data', '/nonexistent/laptime']),
      laptime(['check', '--data', '/nonexistent/laptime']),
    ]);

    for (const r of runs) assertFailedWith(r, /^laptime: no data directory at \/nonexistent\/laptime$/);
  });

  test('an unreachable collector: exit 1 naming the URL', async () => {
    const r = await laptime(['names', '--url', 'http://127.0.0.1:9']);

    assertFailedWith(r, /^laptime: cannot reach the collector at http:\/\/127\.0\.0\.1:9: /);
  });

  test('bad usage: exit 2 with a message', async () => {
    const runs = await Promise.all([
      laptime(['fetch', 'first', '--data', dataDir]),
      laptime(['fetch', '3', '--limit', '2', '--data', dataDir]),
      laptime(['fetch', 'all', '--limit', '0', '--data', dataDir]),
      laptime(['stats', '--sort', 'speed', '--data', dataDir]),
      laptime(['stats', '--window', '5m', '--from', '-1h', '--data', dataDir]),
      laptime(['stats', '--window', 'soon', '--data', dataDir]),
      laptime(['names', '--data', dataDir, '--url', 'http://127.0.0.1:9']),
      laptime(['export', '--format', 'xml', '--data', dataDir]),
      laptime(['nonsense']),
    ]);

    for (const r of runs) {
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^laptime: /);
      assert.doesNotMatch(r.stderr, /^error: /m);
      assert.doesNotMatch(r.stderr, /^\s+at /m);
    }
  });
});
