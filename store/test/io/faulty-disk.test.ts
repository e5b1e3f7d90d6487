import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { nodeDisk, writeFully } from '../../src/io/disk.js';
import { FaultyDisk } from '../../src/io/faulty-disk.js';

function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-disk-'));
  return path.join(dir, 'f.bin');
}

test('writeFully completes a write that the disk cuts short', () => {
  const disk = new FaultyDisk(nodeDisk);
  const file = tempFile();
  const fd = disk.open(file, 'w+');
  disk.inject({ op: 'write', error: 'short', times: 3 });
  const data = Buffer.from('0123456789abcdef');
  writeFully(disk, fd, data, 0, data.length, 0);
  disk.close(fd);
  assert.equal(fs.readFileSync(file, 'utf8'), '0123456789abcdef');
});

test('an injected ENOSPC surfaces as a system error with that code', () => {
  const disk = new FaultyDisk(nodeDisk);
  const file = tempFile();
  const fd = disk.open(file, 'w+');
  disk.inject({ op: 'write', pathIncludes: 'f.bin', after: 1, error: 'ENOSPC' });
  const data = Buffer.from('x');
  disk.write(fd, data, 0, 1, 0);
  assert.throws(() => disk.write(fd, data, 0, 1, 1), { code: 'ENOSPC' });
  disk.close(fd);
});

test('an injected EIO on fsync rejects the promise', async () => {
  const disk = new FaultyDisk(nodeDisk);
  const fd = disk.open(tempFile(), 'w+');
  disk.inject({ op: 'fsync', error: 'EIO', times: 1 });
  await assert.rejects(disk.fsync(fd), { code: 'EIO' });
  await disk.fsync(fd);
  disk.close(fd);
});
