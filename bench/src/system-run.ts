/**
 * Everything measured about one system, in the process that runs it: durable ingest of the
 * workload batch by batch, then the queries (each timed over repeated runs), bytes on disk and
 * the process's peak RSS.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Prng } from '@laptime/store/testing';
import { batchCount, PeerRowSource, RowBatchSource } from './span-pool.js';
import { openSystem } from './systems/open-system.js';
import type { SeriesStats, SpanBatch, SystemName } from './systems/system.js';
import { timeRepeated, type Repeat, type Timing } from './timing.js';
import type { Workload } from './workload.js';

/** Distinct random indexes fetched, in turn. */
const FETCH_INDEXES = 8192;

export interface Repeats {
  statsOne: Repeat;
  statsAll: Repeat;
  exactWindow: Repeat;
  fetch: Repeat;
}

export interface SystemRunConfig {
  system: SystemName;
  workload: Workload;
  /** Where the system's data directory is made (and removed afterwards). */
  dir: string;
  repeats: Repeats;
  /** Laptime's `walCompression` option. */
  walCompression: boolean;
}

export interface SystemResult {
  system: SystemName;
  spans: number;
  ingest: { seconds: number; spansPerSecond: number; batches: number };
  /** The untimed step after the load (checkpoint, ANALYZE). */
  settleSeconds: number;
  statsOne: Timing & { answer: SeriesStats };
  statsAll: Timing & { series: number };
  exactWindow: Timing & { answer: SeriesStats };
  fetch: Timing;
  bytesOnDisk: number;
  bytesPerSpan: number;
  memory: {
    /** RSS once the generated spans are in memory, before the system opened. */
    baselineRss: number;
    /** process.resourceUsage().maxRSS at the end. */
    peakRss: number;
  };
  notes: Record<string, number>;
}

export async function runSystem(c: SystemRunConfig): Promise<SystemResult> {
  const w = c.workload;
  const source = batchSource(c.system, w);
  const baselineRss = process.memoryUsage.rss();
  const dir = fs.mkdtempSync(path.join(c.dir, `${c.system}-`));
  // PostgreSQL runs as an unprivileged user, which must reach its directory inside this one.
  fs.chmodSync(dir, 0o755);
  try {
    return await measure(c, source, baselineRss, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(
  c: SystemRunConfig,
  source: (k: number) => SpanBatch,
  baselineRss: number,
  dir: string,
): Promise<SystemResult> {
  const w = c.workload;
  const system = await openSystem(c.system, dir, c.walCompression);
  try {
    const batches = batchCount(w);
    let ingestMs = 0;
    for (let k = 0; k < batches; k++) {
      const batch = source(k);
      const t0 = performance.now();
      await system.ingest(batch);
      ingestMs += performance.now() - t0;
    }
    const settleStart = performance.now();
    await system.settle();
    const settleSeconds = (performance.now() - settleStart) / 1000;

    const statsOne = await timeRepeated(() => system.statsOne(w.series), c.repeats.statsOne);
    const statsAll = await timeRepeated(() => system.statsAll(), c.repeats.statsAll);
    const exactWindow = await timeRepeated(
      () => system.exactStats(w.series, w.window),
      c.repeats.exactWindow,
    );
    const prng = new Prng(w.seed);
    const rows = Array.from({ length: FETCH_INDEXES }, () => prng.int(w.spans));
    const fetch = await timeRepeated((i) => system.fetchRow(rows[i % FETCH_INDEXES]!), c.repeats.fetch);
    const bytesOnDisk = await system.bytesOnDisk();
    return {
      system: c.system,
      spans: w.spans,
      ingest: { seconds: ingestMs / 1000, spansPerSecond: w.spans / (ingestMs / 1000), batches },
      settleSeconds,
      statsOne: { ...statsOne.timing, answer: statsOne.last },
      statsAll: { ...statsAll.timing, series: statsAll.last.length },
      exactWindow: { ...exactWindow.timing, answer: exactWindow.last },
      fetch: fetch.timing,
      bytesOnDisk,
      bytesPerSpan: bytesOnDisk / w.spans,
      memory: { baselineRss, peakRss: process.resourceUsage().maxRSS * 1024 },
      notes: await system.notes(),
    };
  } finally {
    await system.close();
  }
}

/** Batch `k` in the shape the system takes, built before the clock starts. */
function batchSource(system: SystemName, w: Workload): (k: number) => SpanBatch {
  if (system === 'laptime') {
    const rows = new RowBatchSource(w);
    return (k) => {
      const b = rows.batch(k);
      return { rowBatch: () => b, peerRows: () => wrongShape(system) };
    };
  }
  const rows = new PeerRowSource(w);
  return (k) => {
    const b = rows.batch(k);
    return { rowBatch: () => wrongShape(system), peerRows: () => b };
  };
}

function wrongShape(system: SystemName): never {
  throw new Error(`${system} asked for a batch shape it was not given`);
}
