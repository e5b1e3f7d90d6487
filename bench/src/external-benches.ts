/**
 * Workloads (7) and (8) come from the packages' own benchmarks, run as they are in child
 * processes and read from their printed tables: the collector's OTLP ingest against a null
 * receiver (collector/bench/ingest.bench.ts) and capture() against a bare call and the standard
 * OpenTelemetry pattern (exporter/bench/capture.bench.ts).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const fromSource = import.meta.url.endsWith('.ts');
/** The repository root, from bench/src or bench/dist/src. */
const ROOT = new URL(fromSource ? '../../' : '../../../', import.meta.url);
const NODE_ARGS = fromSource ? ['--conditions=development', '--import', 'tsx'] : [];

function benchFile(pkg: 'collector' | 'exporter', name: string): string {
  return fileURLToPath(
    new URL(fromSource ? `${pkg}/bench/${name}.ts` : `${pkg}/dist/bench/${name}.js`, ROOT),
  );
}

export interface CollectorIngest {
  nullSpansPerSecond: number;
  collectorSpansPerSecond: number;
  /** GET /api/stats/:name while ingesting at half the collector's rate. */
  statsP50Ms: number;
  statsP99Ms: number;
}

export interface CaptureOverhead {
  /** ns per call. */
  bare: number;
  standard: number;
  capture: number;
  captureDisabled: number;
}

export class ExternalBenchError extends Error {
  readonly code = 'LT_BENCH_EXTERNAL';
}

/** The collector's ingest benchmark with `seconds` per timed phase. */
export async function collectorIngest(seconds: number): Promise<CollectorIngest> {
  const out = await runBench(benchFile('collector', 'ingest.bench'), {
    LAPTIME_BENCH_SECONDS: String(seconds),
  });
  const stats = /p50 ([\d.]+) ms, p99 ([\d.]+) ms/.exec(out);
  return {
    nullSpansPerSecond: tableNumber(out, /^\| null [^|]*\| ([\d,]+) \|/m),
    collectorSpansPerSecond: tableNumber(out, /^\| laptime collector [^|]*\| ([\d,]+) \|/m),
    statsP50Ms: Number(stats?.[1] ?? Number.NaN),
    statsP99Ms: Number(stats?.[2] ?? Number.NaN),
  };
}

/** The capture() benchmark with `rounds` rounds and `batches` batches of 512 for exporter CPU. */
export async function captureOverhead(rounds: number, batches: number): Promise<CaptureOverhead> {
  const out = await runBench(benchFile('exporter', 'capture.bench'), {
    LAPTIME_BENCH_ROUNDS: String(rounds),
    LAPTIME_BENCH_BATCHES: String(batches),
  });
  const nsOf = (label: string): number => {
    const line = out.split('\n').find((l) => l.startsWith(label));
    const ns = line === undefined ? undefined : /\s([\d.]+)\s+[\d.]+x\s*$/.exec(line)?.[1];
    if (ns === undefined) throw new ExternalBenchError(`capture bench: no '${label}' line in its output`);
    return Number(ns);
  };
  return {
    bare: nsOf('bare call'),
    standard: nsOf('standard startActiveSpan + BSP + stock OTLP'),
    capture: nsOf('capture() + BSP + LaptimeSpanExporter'),
    captureDisabled: nsOf('capture() with LAPTIME_ENABLED=false'),
  };
}

function tableNumber(out: string, pattern: RegExp): number {
  const m = pattern.exec(out);
  if (m === null) throw new ExternalBenchError(`no match for ${String(pattern)} in:\n${out}`);
  return Number(m[1]!.replaceAll(',', ''));
}

function runBench(file: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_ARGS, file], {
      cwd: fileURLToPath(ROOT),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(out);
      else reject(new ExternalBenchError(`${file} exited with ${String(code)}:\n${out}`));
    });
  });
}
