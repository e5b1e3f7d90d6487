/**
 * A gzip bomb: a small body that inflates to far more than the body limit. Gzip allows members
 * one after another, so one compressed block of zeros repeated gives any size for the cost of one.
 */
import { gzipSync } from 'node:zlib';

/** Zeros compressed once into one gzip member. */
const MEMBER_BYTES = 16 * 1024 * 1024;

/** A gzip body that inflates to `inflatedBytes` (rounded up to 16 MiB) of zeros. */
export function gzipBomb(inflatedBytes: number): Buffer {
  const member = gzipSync(Buffer.alloc(MEMBER_BYTES), { level: 9 });
  return Buffer.concat(Array.from({ length: Math.ceil(inflatedBytes / MEMBER_BYTES) }, () => member));
}
