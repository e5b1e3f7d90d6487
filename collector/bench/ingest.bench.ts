/**
 * Ingest throughput of the collector: concurrent senders post pre-encoded OTLP protobuf requests
 * of 512 realistic spans over keep-alive connections; a 200 means the spans are durable (WAL
 * fsync). The same load against a null receiver on the same HTTP stack gives the ceiling. Then,
 * at half the collector's rate, the latency of GET /api/stats/:name.
 *
 *     node --conditions=development --import tsx collector/bench/ingest.bench.ts
 *
 * LAPTIME_BENCH_SECONDS sets the length of each timed phase (default 8).
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { SeriesInfo } from '@laptime/store';
import { otlpBatches } from './ingest/otlp-batches.js';
import { probeLatency, quantile, runLoad, type LoadResult } from './ingest/load.js';
import type { ReceiverMessage } from './ingest/receiver.js';

/** Spans per request: the BatchSpanProcessor's default maxExportBatchSize. */
const SPANS_PER_REQUEST = 512;
/** Distinct requests, sent round-robin. */
const DISTINCT_REQUESTS = 32;
/** Concurrent senders, each on its own keep-alive connection. */
const SENDERS = 16;
const PHASE_MS = Number(process.env.LAPTIME_BENCH_SECONDS ?? 8) * 1000;
const WARMUP_MS = 2000;
/** Pause between two stats probes. */
const PROBE_GAP_MS = 5;

const TARGET_SPANS_PER_SECOND = 250_000;
const TARGET_RATIO = 0.5;
const TARGET_STATS_P99_MS = 2;

const fromSource = import.meta.url.endsWith('.ts');
const RECEIVER = fileURLToPath(new URL(`./ingest/receiver.${fromSource ? 'ts' : 'js'}`, import.meta.url));

async function startReceiver(mode: 'collector' | 'null'): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(RECEIVER, [mode], {
    execArgv: fromSource ? ['--conditions=development', '--import', 'tsx'] : [],
  });
  const message = await new Promise<ReceiverMessage>((resolve, reject) => {
    child.once('message', (m) => resolve(m as ReceiverMessage));
    child.once('exit', (code) => reject(new Error(`the ${mode} receiver exited with ${code}`)));
  });
  return { child, url: message.url };
}

async function stopReceiver(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.send('stop');
  await exited;
}

function spansPerSecond(r: LoadResult): number {
  return (r.acknowledged * SPANS_PER_REQUEST) / r.seconds;
}

async function measure(url: string, bodies: Buffer[]): Promise<LoadResult> {
  await runLoad({ url, bodies, senders: SENDERS, durationMs: WARMUP_MS });
  return runLoad({ url, bodies, senders: SENDERS, durationMs: PHASE_MS });
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  console.log(
    `machine: ${cpus[0]?.model.trim() ?? 'unknown'}, ${cpus.length} cores, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, node ${process.version}, data in ${os.tmpdir()}`,
  );
  const bodies = otlpBatches(DISTINCT_REQUESTS, SPANS_PER_REQUEST, 42);
  const meanKiB = bodies.reduce((n, b) => n + b.length, 0) / bodies.length / 1024;
  console.log(
    `load: ${SENDERS} keep-alive senders, ${DISTINCT_REQUESTS} distinct protobuf requests of ${SPANS_PER_REQUEST} spans (${meanKiB.toFixed(0)} KiB each), ${PHASE_MS / 1000} s per phase`,
  );

  const nul = await startReceiver('null');
  const ceiling = await measure(nul.url, bodies);
  await stopReceiver(nul.child);

  const collector = await startReceiver('collector');
  const ingest = await measure(collector.url, bodies);
  const max = spansPerSecond(ingest);
  const { series } = (await (await fetch(`${collector.url}/api/names`)).json()) as { series: SeriesInfo[] };
  const top = series.reduce((a, b) => (b.count > a.count ? b : a));
  const statsPath = `/api/stats/${encodeURIComponent(top.name)}?service=${encodeURIComponent(top.service)}`;
  const halfRate = max / 2 / SPANS_PER_REQUEST;
  const [paced, latencies] = await Promise.all([
    runLoad({ url: collector.url, bodies, senders: SENDERS, durationMs: PHASE_MS, rate: halfRate }),
    probeLatency(collector.url, statsPath, PHASE_MS, PROBE_GAP_MS),
  ]);
  await stopReceiver(collector.child);

  const ratio = max / spansPerSecond(ceiling);
  const p50 = quantile(latencies, 0.5);
  const p99 = quantile(latencies, 0.99);
  const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED');
  console.log('');
  console.log('| receiver | spans/s acknowledged | requests | failed |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(
    `| null (express, reads the body) | ${fmt(spansPerSecond(ceiling))} | ${ceiling.acknowledged} | ${ceiling.failed} |`,
  );
  console.log(`| laptime collector (durable) | ${fmt(max)} | ${ingest.acknowledged} | ${ingest.failed} |`);
  console.log('');
  console.log(`collector / null receiver: ${(100 * ratio).toFixed(0)}%`);
  console.log(
    `GET /api/stats/:name at half rate (${fmt(spansPerSecond(paced))} spans/s, ${latencies.length} probes): p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`,
  );
  console.log(
    `targets: >= ${fmt(TARGET_SPANS_PER_SECOND)} spans/s ${verdict(max >= TARGET_SPANS_PER_SECOND)}; >= ${100 * TARGET_RATIO}% of null ${verdict(ratio >= TARGET_RATIO)}; stats p99 <= ${TARGET_STATS_P99_MS} ms ${verdict(p99 <= TARGET_STATS_P99_MS)}`,
  );
}

await main();
