import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { ErrorCode } from '../../src/errors.js';
import { type Disk, nodeDisk } from '../../src/io/disk.js';
import { checkPage } from '../../src/page/header.js';
import { BufferPool, type ReplacerChoice } from '../../src/bufferpool/pool.js';
import { ClockReplacer } from '../../src/bufferpool/clock-replacer.js';
import {
  PAGE_SIZE,
  type TestFile,
  createFile,
  readRawPage,
  readStamp,
  stampPage,
  tempDir,
  writeStampedPage,
} from './pool-fixture.js';

interface Setup {
  pool: BufferPool;
  file: TestFile;
  fileId: number;
  dir: string;
}

function setup(t: TestContext, frames: number, replacer?: ReplacerChoice, disk: Disk = nodeDisk): Setup {
  const dir = tempDir();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = createFile(disk, dir, 'start.col');
  t.after(() => disk.close(file.fd));
  const pool = new BufferPool({ budgetBytes: frames * PAGE_SIZE, pageSize: PAGE_SIZE, disk, replacer });
  return { pool, file, fileId: pool.registerFile(file.fd, file.path), dir };
}

/** Creates page `pageNo` through the pool, stamped, and unpins it dirty. */
function writePage(pool: BufferPool, fileId: number, pageNo: number, stamp: number): void {
  const frame = pool.pin(fileId, pageNo, 'new');
  stampPage(pool.page(frame), stamp);
  pool.unpin(frame, true);
}

function stampIn(pool: BufferPool, fileId: number, pageNo: number): number {
  return pool.withPage(fileId, pageNo, readStamp);
}

test('the budget is split into whole frames of pageSize', (t) => {
  const { pool } = setup(t, 3);
  const bigger = new BufferPool({ budgetBytes: 5 * PAGE_SIZE + 100, pageSize: PAGE_SIZE, disk: nodeDisk });

  assert.equal(pool.frameCount, 3);
  assert.equal(pool.pageSize, PAGE_SIZE);
  assert.equal(bigger.frameCount, 5);
  assert.deepEqual(pool.stats(), {
    hits: 0,
    misses: 0,
    evictions: 0,
    writeBacks: 0,
    frames: 3,
    pinned: 0,
    dirty: 0,
  });
});

test('bad options are rejected with the option named', () => {
  const make = (budgetBytes: number, pageSize: number, replacer?: ReplacerChoice) =>
    new BufferPool({ budgetBytes, pageSize, disk: nodeDisk, replacer });

  assert.throws(() => make(1 << 20, 1000), { code: ErrorCode.InvalidArgument, message: /pageSize/ });
  assert.throws(() => make(1 << 20, 6144), { code: ErrorCode.InvalidArgument, message: /power of two/ });
  assert.throws(() => make(1 << 21, 1 << 21), { code: ErrorCode.InvalidArgument, message: /pageSize/ });
  assert.throws(() => make(PAGE_SIZE, PAGE_SIZE), {
    code: ErrorCode.InvalidArgument,
    message: /budgetBytes/,
  });
  assert.throws(() => make(NaN, PAGE_SIZE), { code: ErrorCode.InvalidArgument, message: /budgetBytes/ });
  assert.throws(() => make(1 << 20, PAGE_SIZE, 'fifo' as ReplacerChoice), {
    code: ErrorCode.InvalidArgument,
    message: /replacer/,
  });
});

test('a read miss loads the page from disk, a second pin is a hit', (t) => {
  const { pool, file, fileId } = setup(t, 2);
  writeStampedPage(file.path, 3, 33);

  const first = stampIn(pool, fileId, 3);
  const second = stampIn(pool, fileId, 3);

  assert.equal(first, 33);
  assert.equal(second, 33);
  assert.equal(pool.stats().misses, 1);
  assert.equal(pool.stats().hits, 1);
});

test("a 'new' page is zero-filled and dirty, without a read", (t) => {
  const { pool, file, fileId } = setup(t, 2);
  writeStampedPage(file.path, 0, 7); // on disk, but 'new' must not read it

  const frame = pool.pin(fileId, 0, 'new');

  assert.equal(pool.page(frame).length, PAGE_SIZE);
  assert.ok(pool.page(frame).every((b) => b === 0));
  assert.equal(pool.stats().dirty, 1);
  assert.equal(pool.stats().misses, 0);
  pool.unpin(frame, false);
  assert.equal(pool.stats().dirty, 1, "unpinning clean does not clean a 'new' page");
});

test('dirty pages evicted to make room are written back, sealed, and read back equal', (t) => {
  const { pool, file, fileId } = setup(t, 2);

  for (let pageNo = 0; pageNo < 6; pageNo++) writePage(pool, fileId, pageNo, 100 + pageNo);
  const stamps = [0, 1, 2, 3, 4, 5].map((pageNo) => stampIn(pool, fileId, pageNo));

  assert.deepEqual(stamps, [100, 101, 102, 103, 104, 105]);
  const s = pool.stats();
  assert.equal(s.writeBacks, 6, 'each dirty page written back once');
  assert.ok(s.evictions >= 8, `evictions ${s.evictions}`); // 4 while writing, 4 or more reading back
  const onDisk = readRawPage(file.path, 0);
  checkPage(onDisk, 'page 0 on disk');
  assert.equal(readStamp(onDisk), 100);
});

test('every frame pinned: the next page is a PoolExhaustedError, a pinned page is still a hit', (t) => {
  const { pool, fileId } = setup(t, 2);
  const a = pool.pin(fileId, 0, 'new');
  const b = pool.pin(fileId, 1, 'new');

  assert.throws(() => pool.pin(fileId, 2, 'new'), { code: ErrorCode.PoolExhausted, message: /all 2/ });
  assert.equal(pool.pin(fileId, 1, 'read'), b);
  assert.equal(pool.stats().pinned, 2);

  pool.unpin(b, true);
  pool.unpin(b, true);
  pool.unpin(a, true);
  assert.equal(pool.stats().pinned, 0);
  pool.unpin(pool.pin(fileId, 2, 'new'), true);
});

test('a pinned page is never evicted, whatever the policy', (t) => {
  for (const policy of ['clock', 'lru-k'] as const) {
    const { pool, fileId } = setup(t, 3, policy);
    const held = pool.pin(fileId, 0, 'new');
    stampPage(pool.page(held), 42);

    for (let pageNo = 1; pageNo < 20; pageNo++) writePage(pool, fileId, pageNo, pageNo);

    assert.equal(readStamp(pool.page(held)), 42, policy);
    assert.equal(pool.pin(fileId, 0, 'read'), held, policy);
  }
});

test('a corrupted page on disk is a CorruptError naming the file and page', (t) => {
  const { pool, file, fileId } = setup(t, 2);
  writeStampedPage(file.path, 0, 1);
  writeStampedPage(file.path, 1, 2);
  const fd = fs.openSync(file.path, 'r+');
  fs.writeSync(fd, Buffer.from([0xff]), 0, 1, PAGE_SIZE + 500);
  fs.closeSync(fd);

  assert.throws(() => pool.pin(fileId, 1, 'read'), {
    code: ErrorCode.Corrupt,
    message: new RegExp(
      `${file.path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} page 1: page checksum mismatch`,
    ),
  });
  assert.equal(stampIn(pool, fileId, 0), 1, 'the pool still works');
  assert.deepEqual([pool.stats().pinned, pool.stats().misses], [0, 1]);
});

test('a page past the end of the file, cut short, or never written is a CorruptError', (t) => {
  const { pool, file, fileId } = setup(t, 2);
  writeStampedPage(file.path, 2, 9); // pages 0 and 1 are a hole: zeros
  fs.appendFileSync(file.path, Buffer.alloc(100, 1)); // page 3 is 100 bytes long

  assert.throws(() => pool.pin(fileId, 0, 'read'), {
    code: ErrorCode.Corrupt,
    message: /page 0: blank page/,
  });
  assert.throws(() => pool.pin(fileId, 3, 'read'), {
    code: ErrorCode.Corrupt,
    message: /page 3: the file ends/,
  });
  assert.throws(() => pool.pin(fileId, 4, 'read'), {
    code: ErrorCode.Corrupt,
    message: /page 4: past the end/,
  });
  assert.equal(stampIn(pool, fileId, 2), 9);
});

test('withPage returns what fn returns and unpins even when fn throws', (t) => {
  const { pool, file, fileId } = setup(t, 2);
  writeStampedPage(file.path, 0, 5);

  assert.equal(
    pool.withPage(fileId, 0, (page) => page.length),
    PAGE_SIZE,
  );
  assert.throws(() =>
    pool.withPage(fileId, 0, () => {
      throw new Error('boom');
    }),
  );
  assert.equal(pool.stats().pinned, 0);
});

test('misuse of frames is an InvalidArgumentError', (t) => {
  const { pool, fileId } = setup(t, 2);
  const frame = pool.pin(fileId, 0, 'new');
  pool.unpin(frame, true);

  assert.throws(() => pool.unpin(frame, false), { code: ErrorCode.InvalidArgument, message: /not pinned/ });
  assert.throws(() => pool.page(frame), { code: ErrorCode.InvalidArgument });
  assert.throws(() => pool.page(99), { code: ErrorCode.InvalidArgument });
  assert.throws(() => pool.pin(fileId, -1, 'read'), {
    code: ErrorCode.InvalidArgument,
    message: /page number/,
  });
  assert.throws(() => pool.pin(fileId, 2 ** 32, 'read'), { code: ErrorCode.InvalidArgument });
  assert.throws(() => pool.pin(fileId + 1, 0, 'read'), {
    code: ErrorCode.InvalidArgument,
    message: /file id/,
  });
});

test("'new' on a resident page zeroes it, unless it is pinned", (t) => {
  const { pool, fileId } = setup(t, 2);
  writePage(pool, fileId, 0, 11);

  const frame = pool.pin(fileId, 0, 'new');
  assert.ok(pool.page(frame).every((b) => b === 0));
  assert.throws(() => pool.pin(fileId, 0, 'new'), { code: ErrorCode.InvalidArgument, message: /pinned/ });
  pool.unpin(frame, true);
});

test('flushFile writes back only that file, pinned pages included, and leaves them clean', (t) => {
  const { pool, file, fileId, dir } = setup(t, 4);
  const other = createFile(nodeDisk, dir, 'duration.col');
  t.after(() => nodeDisk.close(other.fd));
  const otherId = pool.registerFile(other.fd, other.path);
  writePage(pool, fileId, 0, 1);
  writePage(pool, otherId, 0, 2);
  const pinned = pool.pin(fileId, 1, 'new');
  stampPage(pool.page(pinned), 3);

  pool.flushFile(fileId);

  assert.equal(readStamp(readRawPage(file.path, 0)), 1);
  assert.equal(readStamp(readRawPage(file.path, 1)), 3);
  checkPage(readRawPage(file.path, 1), 'pinned page on disk');
  assert.equal(fs.statSync(other.path).size, 0);
  assert.deepEqual([pool.stats().writeBacks, pool.stats().dirty], [2, 1]);
  pool.flushAll();
  assert.equal(readStamp(readRawPage(other.path, 0)), 2);
  assert.equal(pool.stats().dirty, 0);
  pool.unpin(pinned, false);
});

test('dropFile forgets the pages without writing them and frees the id for reuse', (t) => {
  const { pool, file, fileId } = setup(t, 2);
  writePage(pool, fileId, 0, 1);
  const frame = pool.pin(fileId, 1, 'new');

  assert.throws(() => pool.dropFile(fileId), {
    code: ErrorCode.InvalidArgument,
    message: /page 1 is pinned/,
  });
  pool.unpin(frame, true);
  pool.dropFile(fileId);

  assert.equal(fs.statSync(file.path).size, 0);
  assert.deepEqual([pool.stats().dirty, pool.stats().writeBacks], [0, 0]);
  assert.throws(() => pool.pin(fileId, 0, 'read'), { code: ErrorCode.InvalidArgument, message: /file id/ });
  const again = pool.registerFile(file.fd, file.path);
  assert.equal(again, fileId);
  assert.throws(() => pool.pin(again, 0, 'read'), { code: ErrorCode.Corrupt }, 'no stale page survives');
});

test('with LRU-K a page read twice survives a scan that evicts it under CLOCK', (t) => {
  function hotPageSurvives(policy: ReplacerChoice): boolean {
    const { pool, file, fileId } = setup(t, 3, policy);
    for (let pageNo = 0; pageNo < 8; pageNo++) writeStampedPage(file.path, pageNo, pageNo);
    stampIn(pool, fileId, 0);
    stampIn(pool, fileId, 0);
    for (let pageNo = 1; pageNo < 8; pageNo++) stampIn(pool, fileId, pageNo);
    const misses = pool.stats().misses;
    stampIn(pool, fileId, 0);
    return pool.stats().misses === misses;
  }

  assert.equal(hotPageSurvives('lru-k'), true);
  assert.equal(hotPageSurvives('clock'), false);
});

test('a Replacer instance is used as given', (t) => {
  const replacer = new ClockReplacer(2);
  const { pool, fileId } = setup(t, 2, replacer);

  pool.unpin(pool.pin(fileId, 0, 'new'), true);

  assert.equal(replacer.evictableCount, 1);
});

test('frames are distinct, non-overlapping views of pageSize bytes', (t) => {
  const { pool, fileId } = setup(t, 4);
  const frames = [0, 1, 2, 3].map((pageNo) => pool.pin(fileId, pageNo, 'new'));

  frames.forEach((frame, i) => pool.page(frame).fill(i + 1));

  frames.forEach((frame, i) => assert.ok(pool.page(frame).every((b) => b === i + 1)));
  for (const frame of frames) pool.unpin(frame, false);
});
