/**
 * The large-store phase: builds a store of millions of realistic rows, makes it durable, and
 * measures what depends on its size: bytes on disk, reads (stats, fetch in and out of the pool),
 * an exact percentile over one series, and the process's peak RSS. Run it in a child process
 * (large-store-child.ts) so that the peak RSS is the store's own.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Store, type RowBatch } from '../src/index.js';
import { Prng, realisticBatch, splitBatch, type RealisticOptions } from '../src/testing/index.js';
import { BatchCycle } from './batch-cycle.js';
import { measureLatency, warmupCalls, type Latency } from './latency.js';
import { median } from './quantiles.js';

/** `mixed`: the realistic default (5 services, 200 span names); `one-series`: every span in one series. */
export type Workload = 'mixed' | 'one-series';

const WORKLOAD_OPTIONS: Record<Workload, Omit<RealisticOptions, 'seed'>> = {
  mixed: {},
  'one-series': { services: 1, names: 1 },
};

/** Rows per append while building: a large decoded request. */
const BUILD_BATCH_ROWS = 4000;
/** Distinct generated batches, reused in turn (see BatchCycle): one per appender, as they count in the RSS. */
const BUILD_BATCHES = 4;
const BUILD_APPENDERS = 4;
/** Rows fetched over and over by the hot-fetch measurement: their pages all fit in the pool. */
const HOT_ROWS = 64;

export interface LargeStoreConfig {
  /** The store is created in a new directory under this one, and removed afterwards. */
  dir: string;
  workload: Workload;
  rows: number;
  poolMB: number;
  seed: number;
  /** Measure stats and fetch latencies (else only the build, bytes, exact query and RSS). */
  reads: boolean;
  statsCalls: number;
  statsAllCalls: number;
  hotFetchCalls: number;
  coldFetchCalls: number;
  exactRuns: number;
}

export interface ExactQuery {
  service: string;
  name: string;
  /** Rows of the series the query went through. */
  seriesRows: number;
  /** Median over the runs. */
  ms: number;
  runsMs: number[];
  p99Ms: number;
  /** The same series' p99 from the 1% sketch, for comparison. */
  sketchP99Ms: number;
}

export interface Reads {
  stats: Latency;
  statsAll: Latency & { series: number };
  hotFetch: Latency;
  coldFetch: Latency & { poolHitRatio: number };
}

export interface LargeStoreResult {
  workload: Workload;
  rows: number;
  poolMB: number;
  /** Appending all rows (4 appenders, validated batches of 4000) including checkpoints on the way. */
  buildSeconds: number;
  finalCheckpointSeconds: number;
  diskBytesPerSpan: number;
  reads: Reads | null;
  exact: ExactQuery;
  memory: Memory;
}

/** The child's memory at the steps of the phase, in bytes. */
export interface Memory {
  /** RSS when the phase started: Node and the code. */
  startRss: number;
  /** RSS before the store opened: that plus the generated batches. */
  beforeOpenRss: number;
  /** After building and the final checkpoint: the store at rest, and its aggregates' share. */
  afterBuild: { rss: number; heapUsed: number; arrayBuffers: number; aggregates: number };
  /** process.resourceUsage().maxRSS at the end: the high-water mark of the whole phase. */
  peakRss: number;
}

export async function measureLargeStore(c: LargeStoreConfig): Promise<LargeStoreResult> {
  const startRss = process.memoryUsage.rss();
  const generated = realisticBatch(BUILD_BATCH_ROWS * BUILD_BATCHES, {
    seed: c.seed,
    ...WORKLOAD_OPTIONS[c.workload],
  });
  const batches = splitBatch(generated, BUILD_BATCH_ROWS);
  const beforeOpenRss = process.memoryUsage.rss();
  const dir = fs.mkdtempSync(path.join(c.dir, `large-${c.workload}-`));
  const store = await Store.open(dir, { poolMB: c.poolMB });
  try {
    const buildSeconds = await build(store, batches, c.rows);
    const checkpointStart = performance.now();
    await store.checkpoint();
    const finalCheckpointSeconds = (performance.now() - checkpointStart) / 1000;
    const diskBytesPerSpan = store.diskBytes() / store.length;
    const { rss, heapUsed, arrayBuffers } = process.memoryUsage();
    const reads = c.reads ? measureReads(store, c) : null;
    const exact = measureExact(store, c.exactRuns);
    return {
      workload: c.workload,
      rows: store.length,
      poolMB: c.poolMB,
      buildSeconds,
      finalCheckpointSeconds,
      diskBytesPerSpan,
      reads,
      exact,
      memory: {
        startRss,
        beforeOpenRss,
        afterBuild: { rss, heapUsed, arrayBuffers, aggregates: store.metrics().aggregatesBytes },
        peakRss: process.resourceUsage().maxRSS * 1024,
      },
    };
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Appends batches until the store holds at least `rows` rows; returns the seconds taken. */
async function build(store: Store, batches: readonly RowBatch[], rows: number): Promise<number> {
  const cycle = new BatchCycle(batches, BUILD_APPENDERS);
  let claimed = 0;
  const appender = async (lane: number): Promise<void> => {
    while (claimed < rows) {
      const batch = cycle.next(lane);
      claimed += batch.length;
      // Generated batches are valid by construction, as a decoder's checked ones are.
      await store.append(batch, { validated: true });
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: BUILD_APPENDERS }, (_, lane) => appender(lane)));
  return (performance.now() - start) / 1000;
}

function busiestSeries(store: Store): { service: string; name: string; count: number } {
  const all = store.series();
  if (all.length === 0) throw new RangeError('the store has no series');
  return all.reduce((a, b) => (b.count > a.count ? b : a));
}

function measureReads(store: Store, c: LargeStoreConfig): Reads {
  const { service, name } = busiestSeries(store);
  const stats = measureLatency(() => store.stats(name, { service }), c.statsCalls);
  const seriesCount = store.series().length;
  const statsAll = { ...measureLatency(() => store.statsAll(), c.statsAllCalls), series: seriesCount };

  const prng = new Prng(c.seed);
  const first = store.firstIndex;
  const span = store.length - first;
  const hot = Array.from({ length: HOT_ROWS }, () => first + prng.int(span));
  const hotFetch = measureLatency((i) => store.fetch(hot[i % HOT_ROWS]!), c.hotFetchCalls);

  const cold = Float64Array.from(
    { length: warmupCalls(c.coldFetchCalls) + c.coldFetchCalls },
    () => first + prng.int(span),
  );
  const before = store.metrics().pool;
  const coldLatency = measureLatency((i) => store.fetch(cold[i]!), c.coldFetchCalls);
  const after = store.metrics().pool;
  const hits = after.hits - before.hits;
  const misses = after.misses - before.misses;
  return { stats, statsAll, hotFetch, coldFetch: { ...coldLatency, poolHitRatio: hits / (hits + misses) } };
}

/** `stats(name, { exact: true })` over the series with the most rows. */
function measureExact(store: Store, runs: number): ExactQuery {
  const { service, name, count } = busiestSeries(store);
  const runsMs: number[] = [];
  let p99Ms = 0;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    const result = store.stats(name, { service, exact: true });
    runsMs.push(performance.now() - start);
    p99Ms = result.p99;
  }
  const sketchP99Ms = store.stats(name, { service }).p99;
  return { service, name, seriesRows: count, ms: median(runsMs), runsMs, p99Ms, sketchP99Ms };
}
