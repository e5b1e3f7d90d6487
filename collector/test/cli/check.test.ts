import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { laptime } from './run-cli.js';
import { filledDataDir } from './store-fixture.js';

test('check: a sound store passes with exit 0; a damaged one fails with exit 1 naming the problem', async () => {
  // Arrange
  const dir = await filledDataDir(200);
  try {
    const sound = await laptime(['check', '--data', dir]);
    const aggDir = path.join(dir, 'agg');
    const aggFile = path.join(aggDir, readdirSync(aggDir)[0]!);
    const bytes = readFileSync(aggFile);
    const middle = bytes.length >> 1;
    bytes[middle] = bytes[middle]! ^ 0xff;
    writeFileSync(aggFile, bytes);

    // Act
    const damaged = await laptime(['check', '--data', dir]);

    // Assert
    assert.equal(sound.code, 0, sound.stdout + sound.stderr);
    assert.match(sound.stdout, /^ok: /);
    assert.match(sound.stdout, /200 rows/);
    assert.equal(damaged.code, 1);
    assert.match(damaged.stdout, /^damaged: /);
    assert.match(damaged.stdout, /^1 problem:\n\s+.+: .*checksum/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
