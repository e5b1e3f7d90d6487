/**
 * Laptime's DDSketch beside a library implementation: add throughput, quantile latency, memory
 * per sketch and accuracy, on the same data; then the per-span cost of Aggregates.add, which
 * runs the sketch plus running stats and time buckets. The evidence for hand-writing the sketch.
 * Times are CPU time (see timeNs).
 *
 * Run: node --expose-gc store/dist/bench/sketch/sketch.bench.js  (after a build), or
 *      node --expose-gc --import tsx store/bench/sketch/sketch.bench.ts
 * The peer, @datadog/sketches-js, is an optional dev dependency: without it its rows are skipped.
 */
import * as os from 'node:os';
import { pathToFileURL } from 'node:url';
import { Aggregates } from '../../src/aggregate/aggregates.js';
import { DDSketch } from '../../src/sketch/dd-sketch.js';
import { quantileRank } from '../../src/sketch/rank.js';

/** Values per add run, rounds per measurement (the median is reported). */
const VALUES = 1_000_000;
const ROUNDS = 5;
/** Sketches and values each for the memory measurement. */
const MEMORY_SKETCHES = 2_000;
const MEMORY_VALUES = 5_000;
const QUANTILE_CALLS = 200_000;
const PEER = '@datadog/sketches-js';
const ALPHA = 0.01;

/** What the bench needs of a sketch: ours and the peer are adapted to this. */
interface SketchUnderTest {
  add(v: number): void;
  quantile(q: number): number;
}

interface Contender {
  name: string;
  make(): SketchUnderTest;
}

/** The peer's API as documented (accept, getValueAtQuantile). */
interface PeerSketch {
  accept(v: number): void;
  getValueAtQuantile(q: number): number;
}
interface PeerModule {
  DDSketch: new (opts: { relativeAccuracy: number }) => PeerSketch;
}

const ours: Contender = {
  name: 'laptime DDSketch',
  make: () => {
    const s = new DDSketch({ relativeAccuracy: ALPHA });
    return { add: (v) => s.add(v), quantile: (q) => s.quantile(q) };
  },
};

async function loadPeer(): Promise<Contender | null> {
  try {
    const mod = (await import(PEER)) as PeerModule;
    return {
      name: PEER,
      make: () => {
        const s = new mod.DDSketch({ relativeAccuracy: ALPHA });
        return { add: (v) => s.accept(v), quantile: (q) => s.getValueAtQuantile(q) };
      },
    };
  } catch {
    console.log(`note: ${PEER} is not installed (npm i -D ${PEER}); its rows are skipped`);
    return null;
  }
}

/** Seeded lognormal durations in ns (median 1 ms, sigma 1.2) and a heavy Pareto tail. */
function durations(n: number, seed: number): Float64Array {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Float64Array.from({ length: n }, (_, i) => {
    if (i % 10 === 9) return 1e5 / Math.pow(1 - next(), 1 / 1.1);
    const normal = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    return Math.exp(Math.log(1e6) + 1.2 * normal);
  });
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

/**
 * CPU nanoseconds (user + system) spent in `fn`: steadier than wall time on a shared machine,
 * where other processes' load would otherwise count against the code measured.
 */
function timeNs(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) * 1000;
}

/** CPU ns of one Math.log, the cost of the sketch's index mapping. */
function mathLogNs(values: Float64Array): number {
  let sink = 0;
  const ns = timeNs(() => {
    for (let i = 0; i < values.length; i++) sink += Math.log(values[i]!);
  });
  if (Number.isNaN(sink)) throw new Error('unreachable: keeps the loop from being optimised away');
  return ns / values.length;
}

function addsPerSecond(c: Contender, values: Float64Array): number {
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const s = c.make();
    rounds.push(timeNs(() => values.forEach((v) => s.add(v))));
  }
  return values.length / (median(rounds) / 1e9);
}

function quantileNs(c: Contender, values: Float64Array): number {
  const s = c.make();
  values.forEach((v) => s.add(v));
  let sink = 0;
  const ns = timeNs(() => {
    for (let i = 0; i < QUANTILE_CALLS; i++) sink += s.quantile(i % 2 === 0 ? 0.99 : 0.5);
  });
  if (Number.isNaN(sink)) throw new Error('unreachable: keeps the loop from being optimised away');
  return ns / QUANTILE_CALLS;
}

/** Heap bytes per sketch of MEMORY_VALUES values, measured over MEMORY_SKETCHES live sketches. */
function bytesPerSketch(c: Contender, values: Float64Array, gc: (() => void) | undefined): number | null {
  if (gc === undefined) return null;
  gc();
  const before = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const keep: SketchUnderTest[] = [];
  for (let i = 0; i < MEMORY_SKETCHES; i++) {
    const s = c.make();
    for (let j = 0; j < MEMORY_VALUES; j++) s.add(values[(i * 7919 + j) % values.length]!);
    keep.push(s);
  }
  gc();
  const after = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  return keep.length > 0 ? (after - before) / MEMORY_SKETCHES : null;
}

/** Largest relative error over p1..p99, p99.9 and p99.99, against the exact value at the same rank. */
function worstRelativeError(c: Contender, values: Float64Array): number {
  const s = c.make();
  values.forEach((v) => s.add(v));
  const sorted = Float64Array.from(values).sort();
  let worst = 0;
  for (const q of [...Array.from({ length: 99 }, (_, i) => (i + 1) / 100), 0.999, 0.9999]) {
    const exact = sorted[quantileRank(q, sorted.length)]!;
    worst = Math.max(worst, Math.abs(s.quantile(q) - exact) / exact);
  }
  return worst;
}

/** ns per Aggregates.add with spans spread over `series` series, 10 spans a second each. */
function aggregatesAddNs(series: number, values: Float64Array): number {
  const agg = new Aggregates({ maxSeries: series });
  const ids = Array.from({ length: series }, (_, i) => agg.seriesId('bench', `op-${i}`));
  const t0 = 1_700_000_000_000;
  const ns = timeNs(() => {
    for (let i = 0; i < values.length; i++)
      agg.add(ids[i % series]!, t0 + (i / series) * 100, values[i]!, false);
  });
  return ns / values.length;
}

function gcFunction(): (() => void) | undefined {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g === undefined) console.log('note: run node with --expose-gc to measure memory per sketch');
  return g;
}

function row(cells: (string | number)[]): string {
  return cells.map((c, i) => String(c).padEnd(i === 0 ? 26 : 16)).join('');
}

/** Runs the benchmark and prints its table. */
export async function runSketchBench(): Promise<void> {
  const values = durations(VALUES, 42);
  const contenders = [ours, await loadPeer()].filter((c): c is Contender => c !== null);
  const gc = gcFunction();
  console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown'} x${os.cpus().length}, node ${process.version}`);
  console.log(`data: ${VALUES} durations, lognormal (median 1 ms, sigma 1.2) with a 10% Pareto(1.1) tail\n`);
  console.log(row(['sketch', 'adds/CPU s', 'quantile ns', 'bytes/sketch', 'worst rel err']));
  const results = contenders.map((c) => ({
    name: c.name,
    adds: addsPerSecond(c, values),
    quantile: quantileNs(c, values),
    bytes: bytesPerSketch(c, values, gc),
    error: worstRelativeError(c, values),
  }));
  for (const r of results) {
    const bytes = r.bytes === null ? 'n/a' : Math.round(r.bytes);
    console.log(
      row([r.name, `${(r.adds / 1e6).toFixed(1)} M`, r.quantile.toFixed(0), bytes, r.error.toFixed(5)]),
    );
  }
  const [mine, peer] = results;
  if (mine !== undefined && peer !== undefined) {
    const memory = mine.bytes !== null && peer.bytes !== null ? (peer.bytes / mine.bytes).toFixed(2) : 'n/a';
    console.log(
      `\nratios (peer / laptime): add time ${(mine.adds / peer.adds).toFixed(2)}x, ` +
        `quantile time ${(peer.quantile / mine.quantile).toFixed(2)}x, memory ${memory}x`,
    );
  }
  const sketch = new DDSketch();
  values.forEach((v) => sketch.add(v));
  console.log(`laptime memoryBytes() of the ${VALUES}-value sketch: ${sketch.memoryBytes()} bytes`);
  console.log(`Math.log alone (the index mapping): ${mathLogNs(values).toFixed(1)} ns`);
  console.log('\nAggregates.add (stats + sketch + 10 s and 1 min buckets), CPU ns per span:');
  for (const series of [1, 100, 10_000]) {
    console.log(`  ${String(series).padStart(6)} series: ${aggregatesAddNs(series, values).toFixed(0)} ns`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  await runSketchBench();
