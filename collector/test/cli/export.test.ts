import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CSV_HEADER } from '../../src/cli/output/csv.js';
import { laptime } from './run-cli.js';
import { filledDataDir } from './store-fixture.js';

/** More rows than one page of the scan, so paging is exercised. */
const ROWS = 2500;
let dataDir: string;
let outDir: string;

before(async () => {
  dataDir = await filledDataDir(ROWS);
  outDir = mkdtempSync(path.join(tmpdir(), 'laptime-cli-export-'));
});

after(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

describe('export', { concurrency: true }, () => {
  test('jsonl to stdout: every span as the Span JSON, in index order, no progress off a terminal', async () => {
    const [exported, fetched] = await Promise.all([
      laptime(['export', '--data', dataDir]),
      laptime(['fetch', 'all', '--json', '--data', dataDir]),
    ]);

    assert.equal(exported.code, 0, exported.stderr);
    assert.equal(exported.stderr, '');
    assert.equal(exported.stdout, fetched.stdout);
    assert.equal(exported.stdout.trimEnd().split('\n').length, ROWS);
  });

  test('csv to a file: the header, then one quoted-as-needed line per span', async () => {
    const file = path.join(outDir, 'spans.csv');

    const r = await laptime(['export', '--format', 'csv', '--out', file, '--data', dataDir]);

    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    const text = readFileSync(file, 'utf8');
    const [header, first] = text.split('\n');
    assert.equal(header, CSV_HEADER);
    assert.match(first!, /^0,[0-9a-f]{32},[0-9a-f]{16},,[^,]+,[^,]+,\w+,\d+,\d+,[\d.]+,\w+,[^,]*,"\{.*\}"$/);
    // Attributes are JSON in one quoted field; no field spans a line, so lines count spans.
    assert.equal(text.trimEnd().split('\n').length, ROWS + 1);
  });

  test('an unwritable --out: exit 1 naming the file', async () => {
    const file = path.join(outDir, 'missing', 'spans.csv');

    const r = await laptime(['export', '--out', file, '--data', dataDir]);

    assert.equal(r.code, 1);
    assert.equal(r.stderr, `laptime: cannot write ${file}: ENOENT\n`);
  });
});
