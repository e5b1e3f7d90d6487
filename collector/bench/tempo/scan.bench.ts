/**
 * What one Tempo search or scanned metrics query costs at its bound, on 100,000 realistic rows:
 * the wall time to read and test MAX_INSPECTED_SPANS rows with a filter nothing matches (so
 * every row is read), and the longest the event loop waited meanwhile (the scan yields every
 * SCAN_SLICE_ROWS rows).
 *
 *   node collector/dist/bench/tempo/scan.bench.js
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Store } from '@laptime/store';
import { realisticBatch } from '@laptime/store/testing';
import type { CollectorContext } from '../../src/context.js';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { MAX_INSPECTED_SPANS, SCAN_SLICE_ROWS, visitMatching } from '../../src/tempo/candidate-spans.js';
import { parseTraceQl } from '../../src/tempo/traceql-parser.js';

const ROWS = 100_000;
const RUNS = 7;

/** Medians over the runs of the wall time and of the longest event-loop delay, in ms. */
async function measure(f: () => Promise<unknown>): Promise<{ wall: number; maxDelay: number }> {
  const walls: number[] = [];
  const delays: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const h = monitorEventLoopDelay({ resolution: 1 });
    h.enable();
    const t0 = performance.now();
    await f();
    walls.push(performance.now() - t0);
    h.disable();
    delays.push(h.max / 1e6);
  }
  const mid = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
  return { wall: mid(walls), maxDelay: mid(delays) };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'laptime-tempo-bench-'));
try {
  const store = await Store.open(dir);
  await store.append(realisticBatch(ROWS, { seed: 7 }));
  const ctx = { store } as unknown as CollectorContext;
  console.log(
    `node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}, load ${os.loadavg()[0]!.toFixed(1)}`,
  );
  const attribute = parseTraceQl('{ span.no.such.attribute = "x" }').filter;
  const { wall, maxDelay } = await measure(() => visitMatching(ctx, attribute, {}, () => true));
  console.log(
    `read and test ${MAX_INSPECTED_SPANS} rows (the bound) in slices of ${SCAN_SLICE_ROWS}: ` +
      `median wall ${wall.toFixed(0)} ms, median longest event-loop delay ${maxDelay.toFixed(1)} ms`,
  );
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
