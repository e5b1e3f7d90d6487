import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Store } from '../../src/engine/store.js';
import { tempDir } from './helpers.js';

const CYCLES = Number(process.env.LAPTIME_CRASH_CYCLES ?? 10);
const seed = Number(process.env.LAPTIME_SEED ?? Date.now());

/** A tiny seeded PRNG so a failing run can be replayed with LAPTIME_SEED. */
function prng(s: number): () => number {
  let x = s >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

interface Ack {
  first: number;
  count: number;
  k0: number;
}

/** Runs the writer child until it has acknowledged something, then kills it after `delayMs`. */
function runAndKill(dir: string, startK: number, delayMs: number): Promise<Ack[]> {
  const self = fileURLToPath(import.meta.url);
  const ts = self.endsWith('.ts');
  const child = fileURLToPath(new URL(`./fixtures/crash-writer.${ts ? 'ts' : 'js'}`, import.meta.url));
  const args = ts ? ['--import', 'tsx', child, dir, String(startK)] : [child, dir, String(startK)];
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const acks: Ack[] = [];
  let buf = '';
  let stderr = '';
  let timer: NodeJS.Timeout | undefined;
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  proc.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      const [word, a, b, c] = line.split(' ');
      if (word === 'open' && timer === undefined) timer = setTimeout(() => proc.kill('SIGKILL'), delayMs);
      if (word === 'ack') acks.push({ first: Number(a), count: Number(b), k0: Number(c) });
    }
  });
  return new Promise((resolve, reject) => {
    proc.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal === 'SIGKILL') resolve(acks);
      else reject(new Error(`writer exited with ${code}: ${stderr}`));
    });
  });
}

test(`SIGKILL at random moments, ${CYCLES} times: every acknowledged row is there exactly once and verify is clean`, async () => {
  console.log(`crash test seed ${seed} (set LAPTIME_SEED to replay)`);
  const rand = prng(seed);
  const dir = tempDir('lt-crash-');
  const acked: Ack[] = [];
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    const acks = await runAndKill(dir, cycle * 1_000_000, 100 + Math.floor(rand() * 500));
    acked.push(...acks);
    const store = await Store.open(dir);
    // Every acknowledged append is present at its index, with its content.
    for (const a of acked) {
      for (let j = 0; j < a.count; j += Math.max(1, Math.floor(a.count / 3))) {
        const row = store.fetch(a.first + j);
        assert.equal(row.attributes.k, BigInt(a.k0 + j), `cycle ${cycle}: row ${a.first + j}`);
      }
    }
    // Exactly once: no k appears twice in the whole store.
    const seen = new Set<bigint>();
    for (let i = 0; i < store.length; i++) {
      const k = store.fetch(i).attributes.k as bigint;
      assert.ok(!seen.has(k), `cycle ${cycle}: k ${k} stored twice`);
      seen.add(k);
    }
    const total = store.series().reduce((n, s) => n + s.count, 0);
    assert.equal(total, store.length, 'aggregates count every stored row once');
    await store.close();
    const report = await Store.verify(dir);
    assert.deepEqual(report.problems, [], `cycle ${cycle}: verify of ${dir}`);
  }
  assert.ok(acked.length > CYCLES, 'the writer acknowledged appends before being killed');
});
