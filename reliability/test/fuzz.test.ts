/**
 * Fuzzing OTLP ingest: mutated protobuf and JSON bodies, each answered as OTLP/HTTP says, in time,
 * by a collector that stays up, stores nothing invalid and keeps its memory bounded.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startCollector } from '@laptime/collector';
import { Store } from '@laptime/store';
import { Prng } from '@laptime/store/testing';
import { startServe } from '../src/abuse/laptime-child.js';
import { FuzzCases } from '../src/fuzz/fuzz-cases.js';
import { runFuzz } from '../src/fuzz/fuzz-run.js';
import { sampleRssPeak } from '../src/fuzz/memory-peak.js';
import { checkStoredSample } from '../src/fuzz/stored-sample.js';
import { reportFigures, sized } from '../src/profile.js';
import { scenarioSeed } from '../src/fuzz/scenario-seed.js';

const MiB = 1024 * 1024;
/** Bodies against the in-process collector. */
const IN_PROCESS_BODIES = sized(10_000, 100_000);
/** Bodies against a `laptime serve` child, where a crash shows as an exit. */
const CHILD_BODIES = sized(1_500, 10_000);
/** Bodies checked one by one against what was stored. */
const SAMPLED_BODIES = sized(300, 3_000);
const CONCURRENCY = 8;
/** No answer within this long is a hang (generous: the machine is shared and loaded). */
const DEADLINE_MS = 10_000;
/** Resident memory the collector may reach under fuzzing (the in-process figure includes the fuzzer). */
const RSS_LIMIT_BYTES = 1024 * MiB;
/** A small body limit for the in-process collector, so that some mutants (deep nesting) meet it: 413. */
const SMALL_MAX_BODY = 128 * 1024;

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'laptime-fuzz-'));
}

test('fuzzed bodies against an in-process collector: every answer well-formed, nothing invalid stored', async (t) => {
  const seed = scenarioSeed('fuzz in-process');
  const dir = await tempDir();
  t.after(() => rm(dir, { recursive: true, force: true }));
  const collector = await startCollector({ dataDir: dir, port: 0, maxBody: SMALL_MAX_BODY });
  const memory = sampleRssPeak();
  let closed = false;
  t.after(async () => {
    if (!closed) await collector.close();
  });

  const cases = new FuzzCases(new Prng(seed));
  const run = await runFuzz({
    url: collector.url,
    cases,
    bodies: IN_PROCESS_BODIES,
    concurrency: CONCURRENCY,
    deadlineMs: DEADLINE_MS,
  });
  const sample = await checkStoredSample({
    url: collector.url,
    rows: () => collector.store.metrics().rows,
    cases,
    n: SAMPLED_BODIES,
    deadlineMs: DEADLINE_MS,
  });
  const peak = memory.stop();
  const rows = collector.store.metrics().rows;
  await collector.close();
  closed = true;
  const report = await Store.verify(dir);

  reportFigures('fuzz-in-process', {
    seed,
    bodies: run.bodies + sample.cases,
    failures: run.failures + sample.failures.length,
    hangs: run.hangs,
    crashes: 0,
    spansStored: rows,
    spansRefused: run.spansRefused,
    sampledCompared: sample.compared,
    sampledRowsRead: sample.rowsRead,
    peakRssMiB: Math.round(peak / MiB),
    elapsedMs: run.elapsedMs,
    byStatus: JSON.stringify(run.byStatus),
  });
  assert.deepEqual(run.examples, [], `seed ${seed}`);
  assert.equal(run.failures, 0);
  assert.deepEqual(sample.failures.slice(0, 20), [], `seed ${seed}`);
  assert.ok(sample.compared > 0, 'some sampled bodies were compared with what was stored');
  assert.ok(
    run.byStatus['200']! > 0 && run.byStatus['400']! > 0 && run.byStatus['415']! > 0,
    JSON.stringify(run.byStatus),
  );
  assert.ok(peak < RSS_LIMIT_BYTES, `peak RSS ${Math.round(peak / MiB)} MiB`);
  assert.ok(report.ok, JSON.stringify(report.problems.slice(0, 5)));
  assert.equal(report.rows, rows);
});

test('fuzzed bodies against a laptime serve child: it never exits, memory stays bounded, check is clean', async (t) => {
  const seed = scenarioSeed('fuzz child');
  const dir = await tempDir();
  t.after(() => rm(dir, { recursive: true, force: true }));
  const child = await startServe(['--data', dir]);
  t.after(() => child.stop());
  const memory = sampleRssPeak(child.child.pid);

  const run = await runFuzz({
    url: child.url,
    cases: new FuzzCases(new Prng(seed)),
    bodies: CHILD_BODIES,
    concurrency: CONCURRENCY,
    deadlineMs: DEADLINE_MS,
  });
  const peak = memory.stop();
  const alive = child.child.exitCode === null && child.child.signalCode === null;
  const exit = await child.stop();

  reportFigures('fuzz-child', {
    seed,
    bodies: run.bodies,
    failures: run.failures,
    hangs: run.hangs,
    crashes: alive ? 0 : 1,
    peakRssMiB: Math.round(peak / MiB),
    elapsedMs: run.elapsedMs,
    byStatus: JSON.stringify(run.byStatus),
  });
  assert.ok(alive, `the collector exited during fuzzing: ${child.stderr()}`);
  assert.equal(exit, 0, child.stderr());
  assert.deepEqual(run.examples, [], `seed ${seed}`);
  assert.ok(peak < RSS_LIMIT_BYTES, `peak RSS ${Math.round(peak / MiB)} MiB`);
  const report = await Store.verify(dir);
  assert.ok(report.ok, JSON.stringify(report.problems.slice(0, 5)));
});
