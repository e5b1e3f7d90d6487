/**
 * capture() overhead and exporter CPU, side by side with the standard OpenTelemetry setup.
 *
 *   node --conditions=development --import tsx exporter/bench/capture.bench.ts   (from source)
 *   npm run bench -w exporter                                                     (built)
 *
 * 1. Per call, median ns over many rounds of a trivial function: a bare call; the standard
 *    pattern `tracer.startActiveSpan(name, span => { ...; span.end() })` with a
 *    BatchSpanProcessor and the stock OTLPTraceExporter (protobuf); capture() with the same
 *    provider set-up and LaptimeSpanExporter; capture() with LAPTIME_ENABLED=false (in a child
 *    process, since the switch is read once per process).
 * 2. Exporter CPU time per exported span (process.cpuUsage around exporting N spans until they
 *    are delivered), LaptimeSpanExporter against the stock OTLPTraceExporter.
 * Both send to a null receiver on localhost in a separate process.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Tracer } from '@opentelemetry/api';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { LaptimeSpanExporter, capture } from '../src/index.js';

/** Calls per timed round: long enough for the clock, short enough for a median to mean something. */
const CALLS_PER_ROUND = 2000;
const ROUNDS = Number(process.env['LAPTIME_BENCH_ROUNDS'] ?? 300);
/** Spans per export() call in the CPU comparison (the BatchSpanProcessor's batch size). */
const EXPORT_BATCH = 512;
const EXPORT_BATCHES = Number(process.env['LAPTIME_BENCH_BATCHES'] ?? 40);
const CPU_REPEATS = 5;

const STANDARD = 'standard startActiveSpan + BSP + stock OTLP';
const STANDARD_LAPTIME = 'standard startActiveSpan + BSP + Laptime';
const CAPTURE = 'capture() + BSP + LaptimeSpanExporter';

const EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

let sink = 0;
function work(x: number): number {
  return x + 1;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Nanoseconds per call of `f` over one round. */
function round(f: (x: number) => number): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < CALLS_PER_ROUND; i++) sink += f(i);
  return Number(process.hrtime.bigint() - t0) / CALLS_PER_ROUND;
}

function provider(exporter: SpanExporter): BasicTracerProvider {
  return new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'bench' }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
}

function startReceiver(): Promise<{ url: string; child: ChildProcess }> {
  const file = fileURLToPath(new URL(`./null-receiver${EXT}`, import.meta.url));
  const child = spawn(process.execPath, [...process.execArgv, file], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve) => {
    child.stdout.once('data', (d: Buffer) =>
      resolve({ url: `http://127.0.0.1:${d.toString().trim()}`, child }),
    );
  });
}

/** The LAPTIME_ENABLED=false figure, measured by this script in a child process. */
function disabledInChild(): Promise<number> {
  const file = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, [...process.execArgv, file], {
    env: { ...process.env, LAPTIME_ENABLED: 'false', LAPTIME_BENCH_CHILD: 'disabled' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.on('exit', () => resolve(Number(out.trim()))));
}

function measureDisabled(): number {
  const captured = capture(work);
  const bare: number[] = [];
  const off: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    bare.push(round(work));
    off.push(round(captured));
  }
  // Reported relative to this process's own bare call, so the two processes compare fairly.
  return median(off) - median(bare);
}

async function perCall(url: string): Promise<Record<string, number>> {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const stock = provider(new OTLPTraceExporter({ url: `${url}/v1/traces` }));
  const laptime = provider(new LaptimeSpanExporter({ url }));
  trace.setGlobalTracerProvider(laptime);
  const tracer: Tracer = stock.getTracer('bench', '1.0.0');

  const standard = (x: number): number =>
    tracer.startActiveSpan('work', (span) => {
      const r = work(x);
      span.end();
      return r;
    });
  const captured = capture('work', work);
  const laptimeTracer = laptime.getTracer('bench', '1.0.0');
  const standardOnLaptime = (x: number): number =>
    laptimeTracer.startActiveSpan('work', (span) => {
      const r = work(x);
      span.end();
      return r;
    });
  const variants: [string, (x: number) => number][] = [
    ['bare call', work],
    [STANDARD, standard],
    [STANDARD_LAPTIME, standardOnLaptime],
    [CAPTURE, captured],
  ];
  const samples = new Map<string, number[]>(variants.map(([n]) => [n, []]));
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate the order so that neither side always runs right after the other's exports.
    const order = r % 2 ? [...variants].reverse() : variants;
    for (const [name, f] of order) samples.get(name)!.push(round(f));
    // Let the processors export between rounds, as an app's idle moments would.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await stock.shutdown();
  await laptime.shutdown();
  trace.disable();
  context.disable();
  return Object.fromEntries([...samples].map(([n, xs]) => [n, median(xs)]));
}

function makeSpans(n: number): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const p = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'bench', 'host.name': 'bench-host' }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const t = p.getTracer('bench', '1.0.0');
  for (let i = 0; i < n; i++) {
    t.startSpan(`GET /items/${i % 20}`, {
      attributes: {
        'http.method': 'GET',
        'http.status_code': 200,
        'http.route': '/items/:id',
        'net.peer.port': 443,
      },
    }).end();
  }
  return memory.getFinishedSpans().slice();
}

function exportOnce(exporter: SpanExporter, spans: ReadableSpan[]): Promise<void> {
  return new Promise((resolve, reject) =>
    exporter.export(spans, (r) => (r.error ? reject(r.error) : resolve())),
  );
}

/**
 * CPU microseconds per span to export `batches`, one export at a time as a BatchSpanProcessor
 * does. With `flushEach`, each export is also delivered before the next (one request per batch).
 */
async function cpuPerSpan(
  exporter: SpanExporter,
  batches: ReadableSpan[][],
  flushEach: boolean,
): Promise<number> {
  const before = process.cpuUsage();
  for (const b of batches) {
    await exportOnce(exporter, b);
    if (flushEach) await exporter.forceFlush?.();
  }
  await exporter.forceFlush?.();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / (batches.length * EXPORT_BATCH);
}

interface CpuFigures {
  stock: number;
  /** LaptimeSpanExporter, one request per 512-span export, like the stock exporter. */
  laptimeEach: number;
  /** LaptimeSpanExporter, coalescing queued spans into requests of up to 2048. */
  laptimeCoalesced: number;
}

async function exporterCpu(url: string): Promise<CpuFigures> {
  const spans = makeSpans(EXPORT_BATCH * EXPORT_BATCHES);
  const batches: ReadableSpan[][] = [];
  for (let i = 0; i < spans.length; i += EXPORT_BATCH) batches.push(spans.slice(i, i + EXPORT_BATCH));
  const runs: Record<keyof CpuFigures, number[]> = { stock: [], laptimeEach: [], laptimeCoalesced: [] };
  for (let r = 0; r < CPU_REPEATS + 1; r++) {
    const exporters: [keyof CpuFigures, SpanExporter, boolean][] = [
      ['stock', new OTLPTraceExporter({ url: `${url}/v1/traces` }), false],
      ['laptimeEach', new LaptimeSpanExporter({ url }), true],
      // A queue that holds the whole burst: nothing is dropped, so the figure covers every span.
      ['laptimeCoalesced', new LaptimeSpanExporter({ url, maxQueueSpans: spans.length }), false],
    ];
    for (const [name, exporter, flushEach] of exporters) {
      const cpu = await cpuPerSpan(exporter, batches, flushEach);
      if (exporter instanceof LaptimeSpanExporter && exporter.stats().exportedSpans !== spans.length)
        throw new Error(`${name} delivered ${exporter.stats().exportedSpans} of ${spans.length} spans`);
      // Round 0 warms everything up (JIT, connections) and is not counted.
      if (r > 0) runs[name].push(cpu);
      await exporter.shutdown();
    }
  }
  return {
    stock: median(runs.stock),
    laptimeEach: median(runs.laptimeEach),
    laptimeCoalesced: median(runs.laptimeCoalesced),
  };
}

function fmt(n: number, digits = 0): string {
  return n.toFixed(digits).padStart(9);
}

async function main(): Promise<void> {
  if (process.env['LAPTIME_BENCH_CHILD'] === 'disabled') {
    process.stdout.write(`${measureDisabled()}\n`);
    return;
  }
  const cpus = os.cpus();
  console.log(
    `machine: ${cpus[0]?.model ?? 'unknown CPU'} x ${cpus.length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  );
  console.log(
    `per call: median of ${ROUNDS} rounds of ${CALLS_PER_ROUND} calls; exporter CPU: ${EXPORT_BATCHES} x ${EXPORT_BATCH} spans, median of ${CPU_REPEATS}\n`,
  );

  const receiver = await startReceiver();
  const calls = await perCall(receiver.url);
  const disabledExtra = await disabledInChild();
  const bare = calls['bare call']!;
  const standard = calls[STANDARD]!;
  const standardLaptime = calls[STANDARD_LAPTIME]!;
  const captured = calls[CAPTURE]!;
  console.log('variant                                          ns/call   vs standard');
  for (const [name, ns] of Object.entries(calls))
    console.log(`${name.padEnd(46)} ${fmt(ns)}   ${fmt(ns / standard, 2)}x`);
  console.log(
    `${'capture() with LAPTIME_ENABLED=false'.padEnd(46)} ${fmt(bare + disabledExtra)}   ${fmt((bare + disabledExtra) / standard, 2)}x`,
  );
  console.log(
    `\ncapture() / standard: ${(captured / standard).toFixed(3)}x (target <= 1.1x); capture(): ${(captured / 1000).toFixed(2)} us/call (target <= 2 us)`,
  );
  console.log(
    `capture() / startActiveSpan on the same provider (the wrapper's own cost): ${(captured / standardLaptime).toFixed(3)}x`,
  );

  const cpu = await exporterCpu(receiver.url);
  console.log('\nexporter                                        CPU us/span   vs stock');
  const rows: [string, number][] = [
    ['stock OTLPTraceExporter (proto), 512/request', cpu.stock],
    ['LaptimeSpanExporter, 512/request', cpu.laptimeEach],
    ['LaptimeSpanExporter, coalesced up to 2048/request', cpu.laptimeCoalesced],
  ];
  for (const [name, us] of rows) console.log(`${name.padEnd(50)} ${fmt(us, 2)}   ${fmt(us / cpu.stock, 2)}x`);
  receiver.child.stdin!.end();
  if (sink === 42) console.log('');
}

await main();
