/**
 * Model-based property: a tiny pool over files many times its size, driven by random pins, writes,
 * reads, held pins, flushes and injected faults (short writes, ENOSPC, EIO), against a map of what
 * each page last had written. Every page always reads back its last write, in the pool and, after
 * a final flush, from disk through a fresh pool.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import fc from 'fast-check';
import { ErrorCode, LaptimeError } from '../../src/errors.js';
import { nodeDisk } from '../../src/io/disk.js';
import { FaultyDisk } from '../../src/io/faulty-disk.js';
import { BufferPool } from '../../src/bufferpool/pool.js';
import { PAGE_SIZE, type TestFile, createFile, readStamp, stampPage, tempDir } from './pool-fixture.js';

const FILES = 3;
const PAGES_PER_FILE = 40;
/** Pages 0..HOT_PAGES-1 of each file are drawn more often, so that hits happen too. */
const HOT_PAGES = 3;

type Op =
  | { kind: 'write' | 'read' | 'hold'; file: number; page: number }
  | { kind: 'writeHeld' | 'release'; index: number }
  | { kind: 'flush'; file: number }
  | { kind: 'flushAll' }
  | { kind: 'fault'; on: 'write' | 'read'; error: 'ENOSPC' | 'EIO' | 'short' };

const pageRef = {
  file: fc.nat(FILES - 1),
  page: fc.oneof(fc.nat(HOT_PAGES - 1), fc.nat(PAGES_PER_FILE - 1)),
};
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('write' as const), ...pageRef }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('read' as const), ...pageRef }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('hold' as const), ...pageRef }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('writeHeld' as const), index: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('release' as const), index: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('flush' as const), file: fc.nat(FILES - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('flushAll' as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('fault' as const),
      on: fc.constantFrom('write' as const, 'read' as const),
      error: fc.constantFrom('ENOSPC' as const, 'EIO' as const, 'short' as const),
    }),
  },
);

/** Asserts that `fn` throws a CorruptError; other errors propagate (an armed fault may come first). */
function expectCorrupt(fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    if (err instanceof LaptimeError && err.code === ErrorCode.Corrupt) return;
    throw err;
  }
  assert.fail('a page never written was read without error');
}

interface Held {
  file: number;
  page: number;
  frame: number;
  dirty: boolean;
}

const FAULT_CODES = { ENOSPC: ErrorCode.NoSpace, EIO: ErrorCode.Io } as const;

function runScenario(frames: number, policy: 'clock' | 'lru-k', ops: Op[]): void {
  const dir = tempDir();
  const disk = new FaultyDisk(nodeDisk);
  const files: TestFile[] = [];
  try {
    for (let f = 0; f < FILES; f++) files.push(createFile(disk, dir, `c${f}.col`));
    const pool = new BufferPool({
      budgetBytes: frames * PAGE_SIZE,
      pageSize: PAGE_SIZE,
      disk,
      replacer: policy,
    });
    const ids = files.map((f) => pool.registerFile(f.fd, f.path));
    const model = new Map<string, number>();
    const held: Held[] = [];
    const armed = new Set<string>();
    let nextStamp = 1;
    const key = (file: number, page: number) => `${file}/${page}`;
    const heldPages = () => new Set(held.map((h) => key(h.file, h.page))).size;

    /** Runs `fn`; an I/O error is accepted only when a fault of its kind was armed. */
    const attempt = (fn: () => void): void => {
      try {
        fn();
      } catch (err) {
        const code = err instanceof LaptimeError ? err.code : undefined;
        const expected: ErrorCode[] = [...armed].map((e) => FAULT_CODES[e as keyof typeof FAULT_CODES]);
        if (code === undefined || !expected.includes(code)) throw err;
        disk.clear();
        armed.clear();
      }
    };

    for (const op of ops) {
      switch (op.kind) {
        case 'write': {
          const k = key(op.file, op.page);
          if (heldPages() === frames && !held.some((h) => key(h.file, h.page) === k)) {
            const mode = model.has(k) ? 'read' : 'new';
            assert.throws(() => pool.pin(ids[op.file]!, op.page, mode), { code: ErrorCode.PoolExhausted });
            break;
          }
          attempt(() => {
            const stamp = nextStamp++;
            const written = model.has(key(op.file, op.page));
            const frame = pool.pin(ids[op.file]!, op.page, written ? 'read' : 'new');
            stampPage(pool.page(frame), stamp);
            pool.unpin(frame, true);
            model.set(key(op.file, op.page), stamp);
          });
          break;
        }
        case 'read': {
          const k = key(op.file, op.page);
          if (heldPages() === frames && !held.some((h) => key(h.file, h.page) === k)) {
            // Every frame is pinned and this page is not among them: nothing can be read in.
            assert.throws(() => pool.pin(ids[op.file]!, op.page, 'read'), { code: ErrorCode.PoolExhausted });
            break;
          }
          attempt(() => {
            const expected = model.get(key(op.file, op.page));
            if (expected === undefined) expectCorrupt(() => pool.pin(ids[op.file]!, op.page, 'read'));
            else assert.equal(pool.withPage(ids[op.file]!, op.page, readStamp), expected);
          });
          break;
        }
        case 'hold': {
          const k = key(op.file, op.page);
          const alreadyHeld = held.some((h) => key(h.file, h.page) === k);
          if (heldPages() === frames && !alreadyHeld) {
            assert.throws(() => pool.pin(ids[op.file]!, op.page, 'read'), { code: ErrorCode.PoolExhausted });
            break;
          }
          attempt(() => {
            const written = model.has(k);
            const frame = pool.pin(ids[op.file]!, op.page, written ? 'read' : 'new');
            if (!written) {
              const stamp = nextStamp++;
              stampPage(pool.page(frame), stamp);
              model.set(k, stamp);
            }
            assert.equal(readStamp(pool.page(frame)), model.get(k));
            held.push({ file: op.file, page: op.page, frame, dirty: !written });
          });
          break;
        }
        case 'writeHeld': {
          const h = held[op.index % Math.max(1, held.length)];
          if (h === undefined) break;
          const stamp = nextStamp++;
          stampPage(pool.page(h.frame), stamp);
          h.dirty = true;
          model.set(key(h.file, h.page), stamp);
          break;
        }
        case 'release': {
          const [h] = held.splice(op.index % Math.max(1, held.length), 1);
          if (h !== undefined) pool.unpin(h.frame, h.dirty);
          break;
        }
        case 'flush':
          attempt(() => pool.flushFile(ids[op.file]!));
          break;
        case 'flushAll':
          attempt(() => pool.flushAll());
          break;
        case 'fault':
          disk.inject({ op: op.on, error: op.error, times: op.error === 'short' ? 3 : 1 });
          if (op.error !== 'short') armed.add(op.error);
          break;
      }
      assert.equal(pool.stats().pinned, heldPages());
    }

    disk.clear();
    for (const h of held.splice(0)) pool.unpin(h.frame, h.dirty);
    pool.flushAll();
    assert.deepEqual([pool.stats().pinned, pool.stats().dirty], [0, 0]);
    // No frame was leaked: all of them can be pinned at once (pages no check reads).
    const all = Array.from({ length: frames }, (_, i) => pool.pin(ids[0]!, PAGES_PER_FILE + i, 'new'));
    assert.equal(new Set(all).size, frames);

    const fresh = new BufferPool({ budgetBytes: frames * PAGE_SIZE, pageSize: PAGE_SIZE, disk: nodeDisk });
    const freshIds = files.map((f) => fresh.registerFile(f.fd, f.path));
    for (let file = 0; file < FILES; file++) {
      for (let page = 0; page < PAGES_PER_FILE; page++) {
        const expected = model.get(key(file, page));
        if (expected === undefined)
          assert.throws(() => fresh.pin(freshIds[file]!, page, 'read'), { code: ErrorCode.Corrupt });
        else
          assert.equal(
            fresh.withPage(freshIds[file]!, page, readStamp),
            expected,
            `file ${file} page ${page}`,
          );
      }
    }
  } finally {
    for (const f of files) disk.close(f.fd);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('every page reads back what was last written, through evictions and faults', () => {
  const seed = Number(process.env.LAPTIME_SEED ?? Date.now());
  console.log(`bufferpool model seed: ${seed}`);
  fc.assert(
    fc.property(
      fc.integer({ min: 4, max: 8 }),
      fc.constantFrom('clock' as const, 'lru-k' as const),
      fc.array(opArb, { minLength: 1, maxLength: 150 }),
      runScenario,
    ),
    // Each run takes milliseconds: more runs than the default buy more interleavings of faults.
    { seed, numRuns: 300 },
  );
});
