import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { realisticRows } from '@laptime/store/testing';
import { testCollector } from '../support/collector.js';
import { laptime } from './run-cli.js';

/** Runs of the CLI; the hang this guards against showed about once in a hundred runs. */
const RUNS = 100;
/** CLI processes at once (the machine has two cores). */
const PARALLEL = 2;
/** A run that has not exited by then hangs (a normal one takes well under a second). */
const EXIT_WITHIN_MS = 20_000;
/** The collector's write pace: a steady stream, not a flood that would make every read replay a huge WAL tail. */
const ROWS_PER_APPEND = 100;
const APPEND_EVERY_MS = 100;

test(`${RUNS} runs of fetch and stats --data beside a writing collector each exit on their own`, async () => {
  // Arrange: a collector appending all along, so the readers see a moving WAL tail.
  const collector = await testCollector({ maxSeries: 1000 });
  let writing = true;
  let seed = 1;
  const writer = (async () => {
    while (writing) {
      await collector.store.append(realisticRows(ROWS_PER_APPEND, { seed: seed++ }));
      await sleep(APPEND_EVERY_MS);
    }
  })();
  const verbs = [
    ['fetch', 'all', '--limit', '50', '--order', 'desc'],
    ['stats', '--window', '1h'],
    ['stats', '--json'],
    ['names'],
  ];
  try {
    // Act
    const hung: string[] = [];
    const failed: string[] = [];
    let next = 0;
    let slowest = 0;
    const lane = async (): Promise<void> => {
      while (next < RUNS) {
        const args = [...verbs[next++ % verbs.length]!, '--data', collector.dataDir];
        const started = Date.now();
        const r = await laptime(args, {}, { timeoutMs: EXIT_WITHIN_MS });
        slowest = Math.max(slowest, Date.now() - started);
        if (r.code === -1) hung.push(args.join(' '));
        else if (r.code !== 0) failed.push(`${args.join(' ')}: ${r.stderr}`);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, lane));
    console.log(`slowest of ${RUNS} runs: ${slowest} ms`);

    // Assert
    assert.deepEqual(hung, [], `runs that did not exit within ${EXIT_WITHIN_MS} ms`);
    assert.deepEqual(failed, []);
  } finally {
    writing = false;
    await writer;
    await collector.dispose();
  }
});
