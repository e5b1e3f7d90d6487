import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { laptime, laptimeOnTerminal } from './run-cli.js';
import { filledDataDir } from './store-fixture.js';

const ESC = '\u001b[';
let dataDir: string;

before(async () => {
  dataDir = await filledDataDir(300);
});

after(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('output for people', { concurrency: true }, () => {
  test('stats: an aligned table sorted by p99 descending, durations with units, no colour on a pipe', async () => {
    const { code, stdout } = await laptime(['stats', '--data', dataDir]);

    assert.equal(code, 0);
    assert.ok(!stdout.includes(ESC), 'no escape codes on a pipe');
    const lines = stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^service\s+name\s+count\s+errors\s+mean\s+p50\s+p95\s+p99\s+rate$/);
    const p99End = lines[0]!.indexOf('p99') + 3;
    const p99s = lines.slice(1).map((l) => {
      assert.match(l.slice(0, p99End), /\d+(\.\d+)? (µs|ms|s)$/, `p99 column aligned: ${l}`);
      return l;
    });
    assert.ok(p99s.length > 1);
    const { stdout: json } = await laptime(['stats', '--json', '--data', dataDir]);
    const p99 = (JSON.parse(json) as { stats: { p99: number }[] }).stats.map((s) => s.p99);
    assert.deepEqual(
      p99,
      [...p99].sort((a, b) => b - a),
    );
  });

  test('on a terminal the header is bold; NO_COLOR turns colour off there too', async () => {
    const [coloured, noColour] = await Promise.all([
      laptimeOnTerminal(['names', '--data', dataDir]),
      laptimeOnTerminal(['names', '--data', dataDir], { NO_COLOR: '1' }),
    ]);

    assert.equal(coloured.code, 0, coloured.stdout);
    assert.ok(coloured.stdout.includes(`${ESC}1mservice`), coloured.stdout);
    assert.equal(noColour.code, 0, noColour.stdout);
    assert.ok(!noColour.stdout.includes(ESC), noColour.stdout);
    assert.match(noColour.stdout, /^service\s+name\s+count/);
  });

  test('fetch <index>: a key/value block with units', async () => {
    const { code, stdout } = await laptime(['fetch', '3', '--data', dataDir]);

    assert.equal(code, 0);
    assert.match(stdout, /^index\s+3$/m);
    assert.match(stdout, /^duration\s+\d+(\.\d+)? (µs|ms|s)$/m);
    assert.match(stdout, /^start\s+\d{4}-\d\d-\d\dT[\d:.]+Z \(\d+ ns\)$/m);
    assert.match(stdout, /^attributes$/m);
  });

  test('fetch all: a table of index, service, name, duration, status, start', async () => {
    const { code, stdout } = await laptime(['fetch', 'all', '--limit', '4', '--data', dataDir]);

    assert.equal(code, 0);
    const lines = stdout.trimEnd().split('\n');
    assert.equal(lines.length, 5);
    assert.match(lines[0]!, /^\s+index\s+service\s+name\s+duration\s+status\s+start$/);
    assert.match(lines[4]!, /^\s+3\s+\S+/);
  });

  test('--help of every verb shows examples', async () => {
    const verbs = ['fetch', 'stats', 'names', 'check', 'export'];

    const runs = await Promise.all(verbs.map((v) => laptime([v, '--help'])));

    for (const [i, r] of runs.entries()) {
      assert.equal(r.code, 0, verbs[i]);
      assert.match(r.stdout, new RegExp(`Examples:\\n\\s+laptime ${verbs[i]}`), verbs[i]);
    }
  });
});
