// Installs the benchmark's peers (SQLite, DuckDB and PostgreSQL clients) into bench/node_modules
// from bench/package-lock.json, once: `npm install` of Laptime never builds them, and later runs
// reuse them until the lock file changes. better-sqlite3 is compiled from source, so that no
// prebuilt binary is downloaded at install time.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bench = join(dirname(fileURLToPath(import.meta.url)), '..');
const lock = readFileSync(join(bench, 'package-lock.json'));
const digest = createHash('sha256').update(lock).digest('hex');
// Written after a successful install: the digest of the lock file it installed.
const stamp = join(bench, 'node_modules', '.laptime-peers');

if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) {
  console.log('benchmark peers: up to date (bench/node_modules)');
} else {
  console.log(
    'benchmark peers: installing into bench/node_modules (once; better-sqlite3 builds from source)',
  );
  const run = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: bench,
    stdio: 'inherit',
    env: { ...process.env, npm_config_build_from_source: 'true' },
  });
  if (run.status !== 0) {
    console.error(`benchmark peers: npm ci failed (exit ${run.status ?? run.signal})`);
    process.exitCode = 1;
  } else {
    writeFileSync(stamp, digest);
  }
}
