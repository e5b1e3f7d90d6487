/**
 * Every system answers the same questions the same way on the same few thousand spans: counts
 * and means equal, exact p50/p99 equal (the peers read Laptime's rank), Laptime's sketch within
 * its 1%, and the span at any index the same. PostgreSQL must be installed: a missing server is a
 * failure, not a skip.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { batchCount, PeerRowSource, RowBatchSource } from '../src/span-pool.js';
import { openSystem } from '../src/systems/open-system.js';
import { SYSTEM_NAMES, type FetchedSpan, type SeriesStats, type SystemName } from '../src/systems/system.js';
import { planWorkload } from '../src/workload.js';

const SEED = Number(process.env['LAPTIME_SEED'] ?? Date.now() % 100_000);
/** Three passes over a small pool, so that reused spans (shifted, renumbered, jittered) are covered. */
const SPANS = 3_000;
const POOL_SPANS = 1_024;
const FETCHED = [0, 1, 511, 512, 1_023, 1_024, 2_047, 2_999];
/** Laptime's sketch guarantees this relative error. */
const SKETCH_ERROR = 0.01;

interface Answers {
  statsOne: SeriesStats;
  exactLifetime: SeriesStats;
  exactWindow: SeriesStats;
  statsAll: SeriesStats[];
  fetched: FetchedSpan[];
}

describe(`every system on the same spans (seed ${SEED}; LAPTIME_SEED replays)`, () => {
  const workload = planWorkload(SPANS, SEED, POOL_SPANS);
  const answers = new Map<SystemName, Answers>();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'laptime-bench-test-'));
  // PostgreSQL runs as an unprivileged user, which must reach its directory inside this one.
  fs.chmodSync(root, 0o755);

  before(async () => {
    const rows = new RowBatchSource(workload);
    const peer = new PeerRowSource(workload);
    for (const name of SYSTEM_NAMES) {
      const dir = fs.mkdtempSync(path.join(root, `${name}-`));
      fs.chmodSync(dir, 0o755);
      const system = await openSystem(name, dir);
      try {
        for (let k = 0; k < batchCount(workload); k++)
          await system.ingest({ rowBatch: () => rows.batch(k), peerRows: () => peer.batch(k) });
        await system.settle();
        const fetched: FetchedSpan[] = [];
        for (const i of FETCHED) fetched.push(await system.fetchRow(i));
        answers.set(name, {
          statsOne: await system.statsOne(workload.series),
          exactLifetime: await system.exactStats(workload.series, null),
          exactWindow: await system.exactStats(workload.series, workload.window),
          statsAll: await system.statsAll(),
          fetched,
        });
      } finally {
        await system.close();
      }
    }
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  const laptime = (): Answers => answers.get('laptime')!;

  it('counts the same spans in the series, over its life and in the window', () => {
    const one = laptime().statsOne;
    assert.ok(one.count > 0);
    const windowed = laptime().exactWindow.count;
    assert.ok(
      windowed > 0 && windowed < one.count,
      `the window holds part of the series: ${windowed} of ${one.count}`,
    );
    for (const [name, a] of answers) {
      assert.equal(a.statsOne.count, one.count, name);
      assert.equal(a.exactLifetime.count, one.count, name);
      assert.equal(a.exactWindow.count, windowed, name);
    }
  });

  it('computes the same mean', () => {
    for (const [name, a] of answers) {
      assertClose(a.statsOne.mean, laptime().exactLifetime.mean, 1e-9, `${name} mean`);
      assertClose(a.exactWindow.mean, laptime().exactWindow.mean, 1e-9, `${name} windowed mean`);
    }
  });

  it("gives the same exact p50 and p99 as Laptime's exact path, over the series' life and the window", () => {
    for (const [name, a] of answers) {
      for (const field of ['p50', 'p99'] as const) {
        assert.equal(a.exactLifetime[field], laptime().exactLifetime[field], `${name} ${field}`);
        assert.equal(a.exactWindow[field], laptime().exactWindow[field], `${name} windowed ${field}`);
      }
    }
  });

  it("keeps Laptime's sketch p50 and p99 within 1% of the exact ones", () => {
    for (const field of ['p50', 'p99'] as const)
      assertClose(laptime().statsOne[field], laptime().exactLifetime[field], SKETCH_ERROR, field);
  });

  it('lists the same series with the same counts and means', () => {
    const key = (s: SeriesStats): string => `${s.service}/${s.name}`;
    const expected = new Map(laptime().statsAll.map((s) => [key(s), s]));
    for (const [name, a] of answers) {
      assert.equal(a.statsAll.length, expected.size, name);
      for (const s of a.statsAll) {
        const e = expected.get(key(s));
        assert.ok(e !== undefined, `${name}: unexpected series ${key(s)}`);
        assert.equal(s.count, e.count, `${name} ${key(s)}`);
        assertClose(s.mean, e.mean, 1e-9, `${name} ${key(s)} mean`);
      }
    }
  });

  it('fetches the same span at every index', () => {
    for (const [name, a] of answers) assert.deepEqual(a.fetched, laptime().fetched, name);
    const starts = laptime().fetched.map((f) => BigInt(f.startNs));
    assert.ok(starts[FETCHED.length - 1]! > starts[0]!, 'later passes are later in time');
  });
});

function assertClose(actual: number, expected: number, relative: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= relative * Math.abs(expected),
    `${what}: ${actual} is not within ${relative} of ${expected}`,
  );
}
