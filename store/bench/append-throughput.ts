/**
 * Durable append throughput: concurrent appenders, each awaiting its `append` (which resolves
 * after the WAL fsync) before sending the next batch, on a fresh store. Then one checkpoint, to
 * learn what the columns cost on disk on top of the WAL.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Store, type RowBatch } from '../src/index.js';
import { BatchCycle } from './batch-cycle.js';

export interface AppendRunOptions {
  /** A fresh store is created in a new directory under this one, and removed afterwards. */
  dir: string;
  /** Batches to append, reused in turn (see BatchCycle). */
  batches: readonly RowBatch[];
  appenders: number;
  /** Appends (batches) in all, across the appenders. */
  appends: number;
}

export interface AppendRun {
  appenders: number;
  spans: number;
  /** From the first append to the last acknowledgement. */
  seconds: number;
  spansPerSecond: number;
  walBytesPerSpan: number;
  /** Column files (segments) after the checkpoint, per span. */
  columnBytesPerSpan: number;
  checkpointSeconds: number;
  /** Spans per second counting the checkpoint that made the columns durable too. */
  sustainedSpansPerSecond: number;
  walFsyncs: number;
}

export async function measureAppend(o: AppendRunOptions): Promise<AppendRun> {
  const dir = fs.mkdtempSync(path.join(o.dir, 'append-'));
  const store = await Store.open(dir);
  try {
    const cycle = new BatchCycle(o.batches, o.appenders);
    let claimed = 0;
    let spans = 0;
    const appender = async (lane: number): Promise<void> => {
      while (claimed < o.appends) {
        claimed++;
        const { count } = await store.append(cycle.next(lane));
        spans += count;
      }
    };
    const start = performance.now();
    await Promise.all(Array.from({ length: o.appenders }, (_, lane) => appender(lane)));
    const seconds = (performance.now() - start) / 1000;
    const checkpointStart = performance.now();
    await store.checkpoint();
    const checkpointSeconds = (performance.now() - checkpointStart) / 1000;
    const m = store.metrics();
    return {
      appenders: o.appenders,
      spans,
      seconds,
      spansPerSecond: spans / seconds,
      walBytesPerSpan: m.walBytesWritten / spans,
      columnBytesPerSpan: (store.diskBytes() - m.walBytes) / spans,
      checkpointSeconds,
      sustainedSpansPerSecond: spans / (seconds + checkpointSeconds),
      walFsyncs: m.walFsyncs,
    };
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
