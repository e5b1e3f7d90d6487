/**
 * Does the write path stall the event loop? Sustained appends of realistic spans over about 10,000
 * series with checkpoints every few seconds, while a worker thread probes a `/healthz` route served
 * by this process every 10 ms. Reports the event-loop delay (monitorEventLoopDelay) and the
 * `/healthz` latency (p50, p99, max), the append rate and the checkpoints written.
 *
 *   node --import tsx store/bench/event-loop.bench.ts            (from source)
 *   node store/dist/bench/event-loop.bench.js                    (compiled)
 *
 * LAPTIME_BENCH_SECONDS sets the timed phase (default 20); the goal is p99 <= 10 ms, max <= 50 ms.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { Store } from '../src/engine/store.js';
import { realisticBatch, splitBatch } from '../src/testing/index.js';
import { describeMachine } from './machine.js';
import { machineLine } from './markdown.js';
import { quantile } from './quantiles.js';

const SECONDS = Number(process.env.LAPTIME_BENCH_SECONDS ?? 20);
/** Rows per append: the OpenTelemetry BatchSpanProcessor's default export batch. */
const BATCH_ROWS = 512;
/** Distinct batches, appended round-robin. */
const BATCHES = 400;
/** Appends in flight at once (as concurrent ingest requests would be). */
const APPENDERS = 4;
const SERIES_NAMES = 10_000;
/** WAL bytes between checkpoints: small, so that the run sees several. */
const CHECKPOINT_BYTES = 32 * 1024 * 1024;
const PROBE_EVERY_MS = 10;
const GOAL_P99_MS = 10;
const GOAL_MAX_MS = 50;

/** The prober: GET /healthz every few ms on its own event loop; posts the latencies (ms) when told. */
const PROBER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const samples = [];
let stop = false;
parentPort.on('message', () => { stop = true; });
function probe() {
  if (stop) return parentPort.postMessage(samples);
  const t0 = performance.now();
  http.get(workerData.url, { agent }, (res) => {
    res.resume();
    res.on('end', () => {
      samples.push(performance.now() - t0);
      setTimeout(probe, workerData.every);
    });
  }).on('error', () => setTimeout(probe, workerData.every));
}
probe();
`;

function summary(sorted: ArrayLike<number>): string {
  const f = (v: number): string => v.toFixed(1);
  return `p50 ${f(quantile(sorted, 0.5))} ms, p99 ${f(quantile(sorted, 0.99))} ms, max ${f(sorted[sorted.length - 1] ?? NaN)} ms`;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'laptime-loop-bench-'));
  console.log(machineLine(describeMachine(dir)));
  const startNs = BigInt(Date.now()) * 1_000_000n;
  const all = realisticBatch(BATCH_ROWS * BATCHES, { seed: 11, services: 10, names: SERIES_NAMES, startNs });
  const batches = splitBatch(all, BATCH_ROWS);
  const store = await Store.open(dir, { checkpointBytes: CHECKPOINT_BYTES, maxSeries: SERIES_NAMES * 2 });
  const server = http.createServer((_req, res) => res.end('{"status":"ok"}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`;
  const prober = new Worker(PROBER, { eval: true, workerData: { url, every: PROBE_EVERY_MS } });
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const deadline = Date.now() + SECONDS * 1000;
  let next = 0;
  let rows = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: APPENDERS }, async () => {
      while (Date.now() < deadline) {
        const r = await store.append(batches[next++ % batches.length]!);
        rows += r.count;
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  delay.disable();
  const healthz = await new Promise<number[]>((resolve) => {
    prober.once('message', (m: number[]) => resolve(m));
    prober.postMessage('stop');
  });
  await prober.terminate();
  server.close();
  const m = store.metrics();
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const loop = [delay.percentile(50), delay.percentile(99), delay.max].map((ns) => ns / 1e6);
  const probes = Float64Array.from(healthz).sort();
  console.log(
    `${seconds.toFixed(1)} s: ${Math.round(rows / seconds)} rows/s appended, ${m.series} series, ${m.checkpoints} checkpoints (last ${m.lastCheckpointMs} ms)`,
  );
  console.log(
    `event-loop delay: p50 ${loop[0]!.toFixed(1)} ms, p99 ${loop[1]!.toFixed(1)} ms, max ${loop[2]!.toFixed(1)} ms`,
  );
  console.log(`/healthz latency (${probes.length} probes): ${summary(probes)}`);
  const met = loop[1]! <= GOAL_P99_MS && loop[2]! <= GOAL_MAX_MS;
  console.log(
    `goal event-loop p99 <= ${GOAL_P99_MS} ms and max <= ${GOAL_MAX_MS} ms: ${met ? 'met' : 'NOT met'}`,
  );
}

await main();
