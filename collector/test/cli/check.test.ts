import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { FaultyDisk, Store, nodeDisk } from '@laptime/store';
import { realisticRows } from '@laptime/store/testing';
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

test('check: a writer whose checkpoints fail is reported, and no longer once one succeeds', async () => {
  // Arrange: a writer that cannot publish its MANIFEST.
  const dir = await filledDataDir(50);
  const disk = new FaultyDisk(nodeDisk);
  const store = await Store.open(dir, { poolMB: 8, disk });
  try {
    await store.append(realisticRows(10, { seed: 8 }));
    const heal = disk.inject({ op: 'rename', pathIncludes: 'MANIFEST', error: 'EIO' });
    await assert.rejects(store.checkpoint(), { code: 'LT_IO' });

    // Act
    const failing = await laptime(['check', '--data', dir]);
    const json = await laptime(['check', '--data', dir, '--json']);
    heal();
    await store.checkpoint();
    const healed = await laptime(['check', '--data', dir]);

    // Assert
    assert.match(failing.stdout, /checkpoints failing in the writer \(pid \d+\): \d+ in a row .*LT_IO/);
    const report = JSON.parse(json.stdout) as { checkpoint: { consecutiveFailures: number } };
    assert.ok(report.checkpoint.consecutiveFailures >= 1);
    assert.doesNotMatch(healed.stdout, /checkpoints failing/);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
