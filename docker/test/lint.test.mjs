/**
 * Lints docker/Dockerfile with dockerfile-utils and docker/compose.yaml with dclint (part of
 * `npm test`; no container engine needed). Each linter is first shown a known mistake, so a linter
 * that silently checks nothing fails here instead of passing.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { execPath } from 'node:process';
import { URL, fileURLToPath } from 'node:url';
import { validate } from 'dockerfile-utils';
import { runCommand } from './support/podman.mjs';

const DOCKERFILE = fileURLToPath(new URL('../Dockerfile', import.meta.url));
const COMPOSE = fileURLToPath(new URL('../compose.yaml', import.meta.url));
/** dclint's CLI: the package exports no path to it, so it is found beside its package.json. */
const DCLINT = join(
  dirname(createRequire(import.meta.url).resolve('dclint/package.json')),
  'bin',
  'dclint.cjs',
);

/** dclint's findings for one compose file, as {rule, message, line} objects. */
async function dclint(file) {
  const { stdout, stderr } = await runCommand(execPath, [DCLINT, '--formatter', 'json', file]);
  const results = JSON.parse(stdout || '[]');
  assert.ok(Array.isArray(results), `dclint output: ${stdout}${stderr}`);
  return results.flatMap((result) =>
    result.messages.map((m) => ({ rule: m.rule, message: m.message, line: m.line })),
  );
}

test('dockerfile-utils finds nothing in docker/Dockerfile', async () => {
  assert.ok(validate('FROM node\nEXPOSE not-a-port\n').length > 0, 'dockerfile-utils reports a bad EXPOSE');
  const problems = validate(await readFile(DOCKERFILE, 'utf8'));
  assert.deepEqual(
    problems.map((p) => `${p.range.start.line + 1}: ${p.message}`),
    [],
  );
});

test('dclint finds nothing in docker/compose.yaml, not even a warning', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'laptime-dclint-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const bad = join(dir, 'compose.yaml');
  await writeFile(bad, 'services:\n  web:\n    image: laptime\n    build: .\n');
  assert.ok((await dclint(bad)).length > 0, 'dclint reports build and image together');
  assert.deepEqual(await dclint(COMPOSE), []);
});
