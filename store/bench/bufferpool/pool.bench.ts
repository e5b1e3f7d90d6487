/**
 * Bufferpool micro-benchmarks: the hot pin/unpin path (a hit) under each replacer, the page guard,
 * a clean miss (pread + checksum check), a miss that first writes back a dirty victim, and the
 * page table against a JS Map (the peer it replaces). Prints the best of a few runs, per operation,
 * and the machine.
 *
 *   node --import tsx store/bench/bufferpool/pool.bench.ts
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { nodeDisk } from '../../src/io/disk.js';
import { DEFAULT_PAGE_SIZE, PAGE_HEADER_BYTES, sealChecksum, writeHeader } from '../../src/page/header.js';
import { BufferPool, type ReplacerChoice } from '../../src/bufferpool/pool.js';
import { PageTable } from '../../src/bufferpool/page-table.js';

const PAGE_SIZE = DEFAULT_PAGE_SIZE;
/** 64 MiB: the pool of a small store; every page of the file fits. */
const HOT_FRAMES = 2048;
/** Pages of the file the benchmarks read: 4x the small pool, so most of its pins miss. */
const FILE_PAGES = 1024;
const MISS_FRAMES = 256;
const HIT_OPS = 2_000_000;
const MISS_OPS = 10_000;
/** Timed runs after one warm-up; the best is kept, as the others measure the machine's noise. */
const RUNS = 3;

/** Deterministic page order (xorshift), precomputed so that the loops measure only the pool. */
function randomPages(count: number, range: number): Uint32Array {
  const out = new Uint32Array(count);
  let x = 0x9e3779b9;
  for (let i = 0; i < count; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = (x >>> 0) % range;
  }
  return out;
}

/** Best ns per unit over RUNS timed runs of `run`, which returns how many units it did. */
function best(run: () => number): number {
  run();
  let result = Infinity;
  for (let r = 0; r < RUNS; r++) {
    const start = process.hrtime.bigint();
    const units = run();
    result = Math.min(result, Number(process.hrtime.bigint() - start) / units);
  }
  return result;
}

function writeDataFile(file: string): void {
  const fd = fs.openSync(file, 'w');
  const page = new Uint8Array(PAGE_SIZE);
  for (let pageNo = 0; pageNo < FILE_PAGES; pageNo++) {
    writeHeader(page, {
      columnId: 3,
      used: PAGE_SIZE - PAGE_HEADER_BYTES,
      firstRow: pageNo * 4088,
      rowCount: 4088,
      minStart: 0n,
      maxStart: 1n,
      minDuration: 0n,
      maxDuration: 1n,
    });
    page.fill(pageNo & 0xff, PAGE_HEADER_BYTES);
    sealChecksum(page);
    fs.writeSync(fd, page, 0, PAGE_SIZE, pageNo * PAGE_SIZE);
  }
  fs.closeSync(fd);
}

function poolOver(fd: number, file: string, frames: number, replacer: ReplacerChoice) {
  const pool = new BufferPool({
    budgetBytes: frames * PAGE_SIZE,
    pageSize: PAGE_SIZE,
    disk: nodeDisk,
    replacer,
  });
  return { pool, fileId: pool.registerFile(fd, file) };
}

const rows: [string, number, string][] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-pool-bench-'));
try {
  const file = path.join(dir, 'start.col');
  writeDataFile(file);
  const fd = fs.openSync(file, 'r+');
  const hotOrder = randomPages(HIT_OPS, FILE_PAGES);
  const missOrder = randomPages(MISS_OPS, FILE_PAGES);

  for (const policy of ['clock', 'lru-k'] as const) {
    const { pool, fileId } = poolOver(fd, file, HOT_FRAMES, policy);
    const ns = best(() => {
      for (let i = 0; i < HIT_OPS; i++) pool.unpin(pool.pin(fileId, hotOrder[i]!, 'read'), false);
      return HIT_OPS;
    });
    rows.push([`hit: pin + unpin (${policy})`, ns, 'ns/op']);
  }
  {
    const { pool, fileId } = poolOver(fd, file, HOT_FRAMES, 'clock');
    const firstByte = (page: Uint8Array) => page[PAGE_HEADER_BYTES]!;
    let sum = 0;
    const ns = best(() => {
      for (let i = 0; i < HIT_OPS; i++) sum += pool.withPage(fileId, hotOrder[i]!, firstByte);
      return HIT_OPS;
    });
    rows.push(['hit: withPage (clock)', ns, `ns/op`]);
    if (sum < 0) console.log(sum); // keeps the reads observable
  }

  for (const policy of ['clock', 'lru-k'] as const) {
    const { pool, fileId } = poolOver(fd, file, MISS_FRAMES, policy);
    let ratio = 0;
    const ns = best(() => {
      const before = pool.stats().misses;
      for (let i = 0; i < MISS_OPS; i++) pool.unpin(pool.pin(fileId, missOrder[i]!, 'read'), false);
      const misses = pool.stats().misses - before;
      ratio = misses / MISS_OPS;
      return misses;
    });
    rows.push([`miss: read + check (${policy})`, ns, `ns/miss, ${(ratio * 100).toFixed(0)}% of pins`]);
  }
  {
    const { pool, fileId } = poolOver(fd, file, MISS_FRAMES, 'clock');
    const ns = best(() => {
      const before = pool.stats().writeBacks;
      for (let i = 0; i < MISS_OPS; i++) pool.unpin(pool.pin(fileId, missOrder[i]!, 'read'), true);
      return pool.stats().writeBacks - before;
    });
    pool.flushAll();
    rows.push(['miss after a dirty victim: write-back + read + check', ns, 'ns/miss']);
  }
  fs.closeSync(fd);

  const table = new PageTable(HOT_FRAMES);
  const map = new Map<number, number>();
  for (let p = 0; p < HOT_FRAMES; p++) {
    table.set(7, p, p);
    map.set(7 * 2 ** 32 + p, p);
  }
  let found = 0;
  const tableNs = best(() => {
    for (let i = 0; i < HIT_OPS; i++) found += table.get(7, hotOrder[i]!);
    return HIT_OPS;
  });
  const mapNs = best(() => {
    for (let i = 0; i < HIT_OPS; i++) found += map.get(7 * 2 ** 32 + hotOrder[i]!) ?? -1;
    return HIT_OPS;
  });
  if (found < 0) console.log(found);
  rows.push(['page table lookup (typed arrays)', tableNs, 'ns/op']);
  rows.push(['page table lookup (Map, peer)', mapNs, `ns/op, ${(mapNs / tableNs).toFixed(1)}x the table`]);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `bufferpool bench: ${cpu} x${os.cpus().length}, ${os.platform()} ${os.arch()}, Node ${process.version}`,
);
console.log(
  `page size ${PAGE_SIZE} B; hit pool ${HOT_FRAMES} frames, miss pool ${MISS_FRAMES} frames, over a file of ${FILE_PAGES} pages in the page cache; best of ${RUNS}`,
);
const width = Math.max(...rows.map(([name]) => name.length));
for (const [name, ns, unit] of rows)
  console.log(`${name.padEnd(width)}  ${ns.toFixed(1).padStart(9)} ${unit}`);
