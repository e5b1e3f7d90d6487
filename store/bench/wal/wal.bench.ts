/**
 * WAL append throughput with fsync, beside the raw disk's fsynced sequential write bandwidth
 * measured in the same run on the same file system.
 *
 *   node --import tsx store/bench/wal/wal.bench.ts
 *
 * LAPTIME_BENCH_DIR picks the file system (default: the OS temp dir); LAPTIME_BENCH_SECONDS the
 * time per measurement (default 2); LAPTIME_BENCH_ROUNDS how many times every case runs (default 3).
 * Cases run interleaved, round after round, and the median round is reported, because fsync
 * latency on shared or virtual disks drifts over seconds.
 */
import { randomFillSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { nodeDisk, writeFullyAsync } from '../../src/io/disk.js';
import { Wal } from '../../src/wal/wal.js';

const ROWS_PER_RECORD = 512;
/** A RowBatch of 512 rows encodes to about this many bytes. */
const RECORD_BYTES = 200 * 1024;
const APPENDERS = [1, 4, 16];
/** Raw writes: one record's size, and a large block for the disk's bandwidth ceiling. */
const RAW_CHUNKS = [RECORD_BYTES, 4 * 1024 * 1024];
const SECONDS = Number(process.env.LAPTIME_BENCH_SECONDS ?? 2);
const ROUNDS = Number(process.env.LAPTIME_BENCH_ROUNDS ?? 3);
const MB = 1e6;

interface Result {
  name: string;
  mbPerSecond: number;
  fsyncsPerSecond: number;
  bytesPerFsync: number;
  p50Ms?: number;
  p99Ms?: number;
}

function benchDir(): string {
  return fs.mkdtempSync(path.join(process.env.LAPTIME_BENCH_DIR ?? os.tmpdir(), 'lt-wal-bench-'));
}

/** Sequential writes of `chunk` bytes, each followed by an fsync: what one appender could get at best. */
async function rawDisk(chunk: number): Promise<Result> {
  const dir = benchDir();
  const fd = nodeDisk.open(path.join(dir, 'raw.bin'), 'w');
  const buf = randomFillSync(Buffer.allocUnsafe(chunk));
  let bytes = 0;
  let fsyncs = 0;
  const start = performance.now();
  while (performance.now() - start < SECONDS * 1000) {
    await writeFullyAsync(nodeDisk, fd, buf, 0, chunk, bytes);
    await nodeDisk.fsync(fd);
    bytes += chunk;
    fsyncs++;
  }
  const seconds = (performance.now() - start) / 1000;
  nodeDisk.close(fd);
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    name: `raw write+fsync, ${chunk / 1024} KiB`,
    mbPerSecond: bytes / MB / seconds,
    fsyncsPerSecond: fsyncs / seconds,
    bytesPerFsync: chunk,
  };
}

/** `appenders` concurrent loops of `await wal.append(200 KiB)`. */
async function walAppend(appenders: number): Promise<Result> {
  const dir = benchDir();
  const { wal } = await Wal.open({ dir: path.join(dir, 'wal'), disk: nodeDisk });
  const payload = randomFillSync(new Uint8Array(RECORD_BYTES));
  const latencies: number[] = [];
  let nextRow = 0;
  let bytes = 0;
  const start = performance.now();
  const deadline = start + SECONDS * 1000;
  const appender = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const firstRow = nextRow;
      nextRow += ROWS_PER_RECORD;
      const t0 = performance.now();
      await wal.append(payload, firstRow, ROWS_PER_RECORD);
      latencies.push(performance.now() - t0);
      bytes += RECORD_BYTES;
    }
  };
  const fsyncsBefore = wal.fsyncs;
  await Promise.all(Array.from({ length: appenders }, appender));
  const seconds = (performance.now() - start) / 1000;
  const fsyncs = wal.fsyncs - fsyncsBefore;
  const written = wal.bytesWritten;
  await wal.close();
  fs.rmSync(dir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  const at = (q: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    name: `WAL append 200 KiB, ${appenders} appender${appenders > 1 ? 's' : ''}`,
    mbPerSecond: bytes / MB / seconds,
    fsyncsPerSecond: fsyncs / seconds,
    bytesPerFsync: written / fsyncs,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}

function row(r: Result, baseline: number): string {
  const cells = [
    r.name.padEnd(34),
    r.mbPerSecond.toFixed(1).padStart(8),
    r.fsyncsPerSecond.toFixed(0).padStart(9),
    (r.bytesPerFsync / 1024).toFixed(0).padStart(11),
    (r.p50Ms === undefined ? '' : r.p50Ms.toFixed(2)).padStart(8),
    (r.p99Ms === undefined ? '' : r.p99Ms.toFixed(2)).padStart(8),
    `${(r.mbPerSecond / baseline).toFixed(2)}x`.padStart(8),
  ];
  return cells.join(' ');
}

/** The round with the median throughput. */
function median(rounds: Result[]): Result {
  const sorted = [...rounds].sort((a, b) => a.mbPerSecond - b.mbPerSecond);
  const mid = sorted[Math.floor(sorted.length / 2)];
  if (mid === undefined) throw new Error('no rounds ran');
  return mid;
}

async function main(): Promise<void> {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`${cpu} x${os.cpus().length}, ${os.platform()} ${os.release()}, Node ${process.version}`);
  console.log(
    `directory ${process.env.LAPTIME_BENCH_DIR ?? os.tmpdir()}, ${SECONDS} s per case, median of ${ROUNDS} rounds\n`,
  );
  const cases: (() => Promise<Result>)[] = [
    ...RAW_CHUNKS.map((chunk) => () => rawDisk(chunk)),
    ...APPENDERS.map((n) => () => walAppend(n)),
  ];
  const rounds: Result[][] = cases.map(() => []);
  for (let round = 0; round < ROUNDS; round++)
    for (const [i, run] of cases.entries()) rounds[i]?.push(await run());
  const results = rounds.map(median);
  const baseline = results[0]?.mbPerSecond ?? 1;
  console.log(
    `${'case'.padEnd(34)} ${'MB/s'.padStart(8)} ${'fsyncs/s'.padStart(9)} ${'KiB/fsync'.padStart(11)} ` +
      `${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'vs raw'.padStart(8)}`,
  );
  for (const r of results) console.log(row(r, baseline));
  console.log(
    `\nvs raw: MB/s relative to raw write+fsync of one ${RECORD_BYTES / 1024} KiB record at a time`,
  );
}

await main();
