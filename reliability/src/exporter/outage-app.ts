/**
 * An app with steady traffic whose spans go through a BatchSpanProcessor to a remote
 * LaptimeSpanExporter. It measures each request's latency as its users would, and reports per
 * phase (the test says when a phase starts) to its parent over IPC.
 *
 * Usage (forked): outage-app.js <collectorUrl> <maxQueueSpans>
 */
import { context, trace } from '@opentelemetry/api';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { LaptimeSpanExporter } from '@laptime/exporter';
import { summarize } from '../load/latency.js';
import type { AppCommand, AppMessage, Phase, PhaseReport } from './outage-messages.js';

/** A request starts this often (ms): about 400 requests and 1200 spans a second. */
const REQUEST_EVERY_MS = 2.5;
/** The BatchSpanProcessor hands spans to the exporter this often. */
const BSP_DELAY_MS = 100;
/** The BatchSpanProcessor's own queue: large enough never to drop at this rate. */
const BSP_QUEUE = 8192;
/** Steps of make-believe work per span (a few tens of microseconds). */
const WORK_STEPS = 40;
const RSS_SAMPLE_MS = 100;

const [url, maxQueue] = process.argv.slice(2);
if (url === undefined || maxQueue === undefined || process.send === undefined) {
  process.stderr.write('usage (forked with IPC): outage-app <collectorUrl> <maxQueueSpans>\n');
  process.exit(2);
}
const send = (m: AppMessage): void => {
  process.send!(m);
};

const exporter = new LaptimeSpanExporter({ url, maxQueueSpans: Number(maxQueue) });
const provider = new BasicTracerProvider({
  spanProcessors: [
    new BatchSpanProcessor(exporter, { scheduledDelayMillis: BSP_DELAY_MS, maxQueueSize: BSP_QUEUE }),
  ],
});
const tracer = provider.getTracer('laptime-reliability-app');

let phase: Phase = 'warmup';
let latencies: number[] = [];
let spans = 0;
let maxRss = 0;
const inFlight = new Set<Promise<void>>();

function work(): void {
  let s = '';
  for (let i = 0; i < WORK_STEPS; i++) s = JSON.stringify({ i, s: s.length });
}

/** One request: a root span and two children, with an asynchronous hop between them. */
async function handle(): Promise<void> {
  const started = performance.now();
  const p = phase;
  spans += 3;
  const root = tracer.startSpan(`${p}.request`);
  const ctx = trace.setSpan(context.active(), root);
  const a = tracer.startSpan(`${p}.work`, {}, ctx);
  work();
  a.end();
  await new Promise<void>((resolve) => setImmediate(resolve));
  const b = tracer.startSpan(`${p}.work`, {}, ctx);
  work();
  b.end();
  root.end();
  if (p === phase) latencies.push(performance.now() - started);
}

function endPhase(): PhaseReport {
  const report: PhaseReport = {
    phase,
    requests: latencies.length,
    spans,
    latency: summarize(latencies),
    maxRss: Math.max(maxRss, process.memoryUsage.rss()),
  };
  latencies = [];
  spans = 0;
  maxRss = 0;
  return report;
}

const traffic = setInterval(() => {
  const p = handle();
  inFlight.add(p);
  void p.finally(() => inFlight.delete(p));
}, REQUEST_EVERY_MS);
const sampler = setInterval(() => {
  maxRss = Math.max(maxRss, process.memoryUsage.rss());
}, RSS_SAMPLE_MS);

process.on('message', (m: AppCommand) => {
  if (m.cmd === 'phase') {
    const report = endPhase();
    phase = m.phase;
    send({ type: 'phase-ended', report });
    return;
  }
  clearInterval(traffic);
  clearInterval(sampler);
  void (async () => {
    await Promise.all(inFlight);
    const report = endPhase();
    const t0 = performance.now();
    await provider.forceFlush();
    await exporter.forceFlush();
    const flushMs = Math.round(performance.now() - t0);
    send({ type: 'finished', report, stats: exporter.stats(), flushMs });
    await provider.shutdown();
    process.disconnect();
  })();
});
send({ type: 'ready' });
