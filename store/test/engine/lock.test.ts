import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Store } from '../../src/engine/store.js';
import { ErrorCode } from '../../src/errors.js';
import { tempDir } from './helpers.js';

/**
 * A zombie: `sh` starts a short `sleep` in the background and execs a long one, which never reaps
 * it, so once the short one exits it stays in state Z. Resolves with its pid and a way to end it.
 */
async function zombie(): Promise<{ pid: number; end: () => void }> {
  const parent = spawn('sh', ['-c', 'sleep 0.1 & echo $!; exec sleep 30'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const pid = await new Promise<number>((resolve) => {
    parent.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
  });
  // Wait until it has exited and shows as a zombie.
  for (let i = 0; i < 200; i++) {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return { pid, end: () => parent.kill() };
    await new Promise((r) => setTimeout(r, 20));
  }
  parent.kill();
  throw new Error(`process ${pid} did not become a zombie`);
}

test('a lock held by a zombie (exited, not yet reaped) is stale and taken over', async () => {
  const dir = tempDir();
  const z = await zombie();
  try {
    const holder = { pid: z.pid, hostname: os.hostname(), startedAt: new Date().toISOString() };
    fs.writeFileSync(path.join(dir, 'LOCK'), JSON.stringify(holder));

    const store = await Store.open(dir);

    await store.close();
  } finally {
    z.end();
  }
});

test('an empty lock file is left to a holder that may be writing it; once old it is stale', async () => {
  const dir = tempDir();
  const lock = path.join(dir, 'LOCK');
  fs.writeFileSync(lock, '');

  await assert.rejects(Store.open(dir), {
    code: ErrorCode.Locked,
    message: /being written by another process/,
  });
  assert.ok(fs.existsSync(lock), 'the lock was not deleted');

  const past = new Date(Date.now() - 60_000);
  fs.utimesSync(lock, past, past);
  const store = await Store.open(dir);
  const content = JSON.parse(fs.readFileSync(lock, 'utf8')) as { pid: number };
  assert.equal(content.pid, process.pid);
  await store.close();
  assert.equal(fs.existsSync(lock), false);
  assert.deepEqual(
    fs.readdirSync(dir).filter((f) => f.startsWith('LOCK')),
    [],
  );
});
