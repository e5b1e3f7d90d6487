/** The command line: profiles, a subset of systems, and refusals with the option's name. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArgs } from '../src/config.js';

describe('parseArgs', () => {
  it('runs every system on 200k spans by default and 10M with --full', () => {
    const quick = parseArgs([], {});
    const full = parseArgs(['--full'], {});
    assert.ok(quick.kind === 'run' && full.kind === 'run');
    assert.equal(quick.config.spans, 200_000);
    assert.deepEqual(quick.config.systems, ['laptime', 'sqlite', 'duckdb', 'postgres']);
    assert.equal(full.config.spans, 10_000_000);
    assert.equal(quick.config.walCompression, false);
    const compressed = parseArgs(['--wal-compression'], {});
    assert.ok(compressed.kind === 'run' && compressed.config.walCompression);
  });

  it('takes a subset of systems, a JSON path, a seed and a data directory', () => {
    const parsed = parseArgs(['--systems', 'laptime,duckdb', '--json', 'out.json', '--no-e2e'], {
      LAPTIME_SEED: '7',
      LAPTIME_BENCH_DIR: '/data',
    });
    assert.ok(parsed.kind === 'run');
    assert.deepEqual(parsed.config.systems, ['laptime', 'duckdb']);
    assert.equal(parsed.config.jsonPath, 'out.json');
    assert.equal(parsed.config.endToEnd, false);
    assert.equal(parsed.config.seed, 7);
    assert.equal(parsed.config.dir, '/data');
  });

  it('reprints an earlier run with --report instead of running', () => {
    assert.deepEqual(parseArgs(['--report', 'docs/benchmarks.json'], {}), {
      kind: 'report',
      jsonPath: 'docs/benchmarks.json',
    });
    assert.equal(parseArgs(['--report'], {}).kind, 'error');
  });

  it('refuses an unknown system, a missing value, an unknown argument and a bad seed, naming them', () => {
    const message = (argv: string[], env: NodeJS.ProcessEnv = {}): string => {
      const parsed = parseArgs(argv, env);
      assert.equal(parsed.kind, 'error');
      return parsed.kind === 'error' ? parsed.message : '';
    };
    assert.match(message(['--systems', 'mysql']), /--systems: unknown system 'mysql'/);
    assert.match(message(['--json']), /--json: needs a value/);
    assert.match(message(['--fast']), /unknown argument '--fast'/);
    assert.match(message([], { LAPTIME_SEED: 'x' }), /LAPTIME_SEED: not an integer/);
  });
});
