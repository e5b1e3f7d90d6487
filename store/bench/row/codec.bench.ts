/**
 * Throughput of the row codec on realistic spans, in rows per second.
 *
 *     node --import tsx store/bench/row/codec.bench.ts [rows]
 */
import * as os from 'node:os';
import { decodeBatch, encodeBatch } from '../../src/row/batch-codec.js';
import { batchRow } from '../../src/row/decode-row.js';
import { encodeRows } from '../../src/row/encode-rows.js';
import { validateBatch } from '../../src/row/validate.js';
import type { RowBatch } from '../../src/row/types.js';
import { realisticBatch, realisticRows } from '../../src/testing/index.js';

const ROWS = Number(process.argv[2] ?? 50_000);
/** Each case runs this long after one warm-up pass; the best pass is reported. */
const MIN_MEASURE_MS = 1000;
const SEED = 1;

/**
 * Runs `pass` (which handles `ROWS` rows) until MIN_MEASURE_MS has passed; returns the best
 * rows per second of wall time and of CPU time (steadier on a shared machine).
 */
function measure(pass: () => unknown): { wall: number; cpu: number } {
  pass();
  let wall = 0;
  let cpu = 0;
  const until = performance.now() + MIN_MEASURE_MS;
  do {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    pass();
    const c = process.cpuUsage(c0);
    wall = Math.max(wall, ROWS / ((performance.now() - t0) / 1000));
    cpu = Math.max(cpu, ROWS / ((c.user + c.system) / 1e6));
  } while (performance.now() < until);
  return { wall, cpu };
}

/** Every row of the batch through decodeRow, as the fetch path does. */
function fetchAll(b: RowBatch): void {
  for (let i = 0; i < b.length; i++) batchRow(b, i);
}

const rows = realisticRows(ROWS, { seed: SEED });
const batch = realisticBatch(ROWS, { seed: SEED });
const encoded = encodeBatch(batch, 0);

const results: [string, { wall: number; cpu: number }][] = [
  ['realisticBatch (generator, builder)', measure(() => realisticBatch(ROWS, { seed: SEED }))],
  ['encodeRows (Row objects -> batch)', measure(() => encodeRows(rows))],
  ['validateBatch', measure(() => validateBatch(batch))],
  ['encodeBatch (WAL payload)', measure(() => encodeBatch(batch, 0))],
  ['decodeBatch (WAL payload)', measure(() => decodeBatch(encoded))],
  ['batchRow -> decodeRow (fetch path)', measure(() => fetchAll(batch))],
];

console.log(`row codec, ${ROWS} realistic rows (${(batch.extras.length / ROWS).toFixed(0)} B extras/row)`);
console.log(`${os.cpus()[0]?.model ?? 'unknown cpu'}, ${os.cpus().length} cpus, node ${process.version}`);
const fmt = (rate: number): string => Math.round(rate).toLocaleString('en').padStart(13);
console.log(`${'case'.padEnd(40)} ${'rows/s'.padStart(13)} ${'rows/CPU-s'.padStart(13)}`);
for (const [name, rate] of results) console.log(`${name.padEnd(40)} ${fmt(rate.wall)} ${fmt(rate.cpu)}`);
console.log(`WAL payload: ${(encoded.length / ROWS).toFixed(0)} B/row`);
