import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { nodeDisk } from '../../src/io/disk.js';
import { BufferPool } from '../../src/bufferpool/pool.js';
import { FaultyDisk } from '../../src/io/faulty-disk.js';
import { PAGE_SIZE, createFile, readRawPage, readStamp, stampPage, tempDir } from './pool-fixture.js';

function setup(disk = nodeDisk): { pool: BufferPool; fileId: number; path: string; cleanup: () => void } {
  const dir = tempDir();
  const file = createFile(disk, dir, 'heap.col');
  const pool = new BufferPool({ budgetBytes: 16 * PAGE_SIZE, pageSize: PAGE_SIZE, disk });
  return {
    pool,
    fileId: pool.registerFile(file.fd, file.path),
    path: file.path,
    cleanup: () => {
      disk.close(file.fd);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

test('cleanFileAsync writes back unpinned dirty pages and leaves pinned ones dirty', async () => {
  // Arrange: pages 0-2 written and released, page 3 still held by a writer.
  const { pool, fileId, path, cleanup } = setup();
  try {
    for (let p = 0; p < 3; p++) {
      const f = pool.pin(fileId, p, 'new');
      stampPage(pool.page(f), 100 + p);
      pool.unpin(f, true);
    }
    const held = pool.pin(fileId, 3, 'new');
    stampPage(pool.page(held), 103);

    // Act
    await pool.cleanFileAsync(fileId);

    // Assert
    for (let p = 0; p < 3; p++) assert.equal(readStamp(readRawPage(path, p)), 100 + p, `page ${p} on disk`);
    assert.equal(pool.stats().dirty, 1, 'the held page is still dirty');
    assert.equal(pool.stats().pinned, 1, 'only the writer still pins');
    await pool.flushFileAsync(fileId);
    assert.equal(readStamp(readRawPage(path, 3)), 103);
    assert.equal(pool.stats().dirty, 0);
    pool.unpin(held, false);
  } finally {
    cleanup();
  }
});

test('a failed asynchronous write-back leaves the page dirty and unpinned', async () => {
  const disk = new FaultyDisk(nodeDisk);
  const { pool, fileId, path, cleanup } = setup(disk);
  try {
    const f = pool.pin(fileId, 0, 'new');
    stampPage(pool.page(f), 7);
    pool.unpin(f, true);
    const heal = disk.inject({ op: 'write', error: 'EIO' });
    await assert.rejects(pool.flushFileAsync(fileId), { code: 'LT_IO' });
    assert.deepEqual([pool.stats().dirty, pool.stats().pinned], [1, 0]);
    heal();
    await pool.flushFileAsync(fileId);
    assert.equal(readStamp(readRawPage(path, 0)), 7);
  } finally {
    cleanup();
  }
});
