/**
 * The disk's own durable write bandwidth: sequential writes in large chunks, each followed by an
 * fsync, to a file in the directory the store uses. No durable append path can beat it, so the
 * store's append rate is judged against it.
 */
import { randomFillSync } from 'node:crypto';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { nodeDisk } from '../src/index.js';
import { writeFullyAsync } from '../src/io/disk.js';

export interface DiskBandwidthOptions {
  /** A directory on the file system under test; the file written there is removed afterwards. */
  dir: string;
  totalBytes: number;
  chunkBytes: number;
}

/** Bytes per second of fsync'd sequential writes. */
export async function measureDiskBandwidth(o: DiskBandwidthOptions): Promise<number> {
  const file = path.join(o.dir, 'disk-bandwidth.bin');
  // Random bytes, so that a compressing or deduplicating layer cannot flatter the figure.
  const chunk = randomFillSync(new Uint8Array(o.chunkBytes));
  const fd = nodeDisk.open(file, 'w');
  try {
    const start = performance.now();
    for (let at = 0; at < o.totalBytes; at += o.chunkBytes) {
      await writeFullyAsync(nodeDisk, fd, chunk, 0, o.chunkBytes, at);
      await nodeDisk.fsync(fd);
    }
    const seconds = (performance.now() - start) / 1000;
    return (Math.ceil(o.totalBytes / o.chunkBytes) * o.chunkBytes) / seconds;
  } finally {
    nodeDisk.close(fd);
    nodeDisk.unlink(file);
  }
}
