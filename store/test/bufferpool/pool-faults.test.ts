/** The bufferpool over a FaultyDisk: short writes, ENOSPC and EIO never lose a page. */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { ErrorCode } from '../../src/errors.js';
import { nodeDisk } from '../../src/io/disk.js';
import { FaultyDisk } from '../../src/io/faulty-disk.js';
import { checkPage } from '../../src/page/header.js';
import { BufferPool } from '../../src/bufferpool/pool.js';
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
  disk: FaultyDisk;
  pool: BufferPool;
  file: TestFile;
  fileId: number;
}

function setup(t: TestContext, frames = 2): Setup {
  const dir = tempDir();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const disk = new FaultyDisk(nodeDisk);
  const file = createFile(disk, dir, 'extras.col');
  t.after(() => disk.close(file.fd));
  const pool = new BufferPool({ budgetBytes: frames * PAGE_SIZE, pageSize: PAGE_SIZE, disk });
  return { disk, pool, file, fileId: pool.registerFile(file.fd, file.path) };
}

function writePage(pool: BufferPool, fileId: number, pageNo: number, stamp: number): void {
  const frame = pool.pin(fileId, pageNo, 'new');
  stampPage(pool.page(frame), stamp);
  pool.unpin(frame, true);
}

test('short writes during write-back still put the whole page on disk', (t) => {
  const { disk, pool, file, fileId } = setup(t);
  disk.inject({ op: 'write', error: 'short' });

  writePage(pool, fileId, 0, 77);
  pool.flushAll();

  const onDisk = readRawPage(file.path, 0);
  checkPage(onDisk, 'page 0');
  assert.equal(readStamp(onDisk), 77);
});

test('ENOSPC while evicting a dirty victim: NoSpaceError, and the victim stays dirty in the pool', (t) => {
  const { disk, pool, fileId } = setup(t);
  writePage(pool, fileId, 0, 10);
  writePage(pool, fileId, 1, 11);
  disk.inject({ op: 'write', error: 'ENOSPC' });

  assert.throws(() => pool.pin(fileId, 2, 'new'), {
    code: ErrorCode.NoSpace,
    message: new RegExp(`writing back page \\d of .*extras\\.col`),
  });

  assert.deepEqual([pool.stats().dirty, pool.stats().evictions, pool.stats().pinned], [2, 0, 0]);
  const hitsBefore = pool.stats().hits;
  assert.equal(pool.withPage(fileId, 0, readStamp), 10);
  assert.equal(pool.withPage(fileId, 1, readStamp), 11);
  assert.equal(pool.stats().hits, hitsBefore + 2, 'both pages were still resident');
});

test('once the disk recovers, a victim whose write-back failed is evicted and written like any other', (t) => {
  const { disk, pool, file, fileId } = setup(t);
  writePage(pool, fileId, 0, 10);
  writePage(pool, fileId, 1, 11);
  disk.inject({ op: 'write', error: 'ENOSPC', times: 1 });
  assert.throws(() => pool.pin(fileId, 2, 'new'), { code: ErrorCode.NoSpace });

  const both = [pool.pin(fileId, 2, 'new'), pool.pin(fileId, 3, 'new')];

  both.forEach((frame, i) => {
    stampPage(pool.page(frame), 12 + i);
    pool.unpin(frame, true);
  });
  pool.flushAll();
  assert.deepEqual(
    [0, 1, 2, 3].map((pageNo) => readStamp(readRawPage(file.path, pageNo))),
    [10, 11, 12, 13],
  );
});

test('a write-back torn by EIO after a short write is redone in full by the next flush', (t) => {
  const { disk, pool, file, fileId } = setup(t);
  writePage(pool, fileId, 0, 20);
  // Rules match in order: the first write is cut short, the second (the rest of the page) fails.
  disk.inject({ op: 'write', error: 'short', times: 1 });
  disk.inject({ op: 'write', error: 'EIO', times: 1 });

  assert.throws(() => pool.flushFile(fileId), { code: ErrorCode.Io, message: /extras\.col/ });
  assert.equal(pool.stats().dirty, 1);
  assert.throws(() => checkPage(readRawPage(file.path, 0), 'torn page'), { code: ErrorCode.Corrupt });

  pool.flushFile(fileId);

  assert.equal(pool.stats().dirty, 0);
  const onDisk = readRawPage(file.path, 0);
  checkPage(onDisk, 'page 0');
  assert.equal(readStamp(onDisk), 20);
});

test('EIO on a read: IoError naming the file, no frame leaked, the next read succeeds', (t) => {
  const { disk, pool, file, fileId } = setup(t);
  writeStampedPage(file.path, 0, 30);
  disk.inject({ op: 'read', error: 'EIO', times: 1 });

  assert.throws(() => pool.pin(fileId, 0, 'read'), {
    code: ErrorCode.Io,
    message: /reading page 0 of .*extras\.col/,
  });

  assert.equal(pool.withPage(fileId, 0, readStamp), 30);
  const a = pool.pin(fileId, 1, 'new');
  const b = pool.pin(fileId, 2, 'new');
  assert.notEqual(a, b, 'both frames are usable');
  pool.unpin(a, false);
  pool.unpin(b, false);
});

test('short reads are completed', (t) => {
  const { disk, pool, file, fileId } = setup(t);
  writeStampedPage(file.path, 1, 40);
  disk.inject({ op: 'read', error: 'short', times: 5 });

  assert.equal(pool.withPage(fileId, 1, readStamp), 40);
});
