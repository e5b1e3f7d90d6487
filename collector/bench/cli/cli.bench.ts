/**
 * Wall time of `laptime fetch 0` and `laptime stats` on a data directory of N realistic rows,
 * process start included, with the compiled bin (node collector/dist/src/bin/laptime.js).
 * Quick: 1M rows; LAPTIME_BENCH_FULL=1: 10M. Target: at most 150 ms each.
 *
 *   node --conditions=development --import tsx collector/bench/cli/cli.bench.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Store } from '@laptime/store';
import { realisticBatch } from '@laptime/store/testing';

const ROWS = process.env.LAPTIME_BENCH_FULL === '1' ? 10_000_000 : 1_000_000;
/** Rows per append: large batches, as a busy collector's group commit makes them. */
const APPEND_ROWS = 50_000;
const RUNS = 15;
const TARGET_MS = 150;
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = path.join(REPO_ROOT, 'collector/dist/src/bin/laptime.js');
const NS_PER_ROW_SPACING = 1_000_000n;

function timeRuns(args: string[]): number[] {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    execFileSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

function summary(label: string, times: number[]): string {
  const median = times[Math.floor(times.length / 2)]!;
  const p90 = times[Math.floor(0.9 * (times.length - 1))]!;
  const verdict = median <= TARGET_MS ? 'ok' : `over the ${TARGET_MS} ms target`;
  return `${label.padEnd(22)} median ${median.toFixed(0).padStart(5)} ms  p90 ${p90.toFixed(0).padStart(5)} ms  ${verdict}`;
}

if (!existsSync(BIN)) {
  console.error(`no compiled bin at ${BIN}: build the collector first (npm run build)`);
  process.exit(1);
}
const dir = mkdtempSync(path.join(os.tmpdir(), 'laptime-cli-bench-'));
try {
  const built = performance.now();
  const store = await Store.open(dir);
  for (let done = 0, seed = 1; done < ROWS; done += APPEND_ROWS, seed++) {
    const n = Math.min(APPEND_ROWS, ROWS - done);
    await store.append(
      realisticBatch(n, { seed, startNs: 1_700_000_000_000_000_000n + BigInt(done) * NS_PER_ROW_SPACING }),
    );
  }
  await store.close();
  console.log(`${ROWS} rows written in ${((performance.now() - built) / 1000).toFixed(1)} s`);
  console.log(
    `node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}, load ${os.loadavg()[0]!.toFixed(1)}`,
  );
  console.log(summary('node -e 0 (baseline)', timeRuns(['-e', '0'])));
  console.log(summary('laptime fetch 0', timeRuns([BIN, 'fetch', '0', '--data', dir])));
  console.log(summary('laptime stats', timeRuns([BIN, 'stats', '--data', dir])));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
