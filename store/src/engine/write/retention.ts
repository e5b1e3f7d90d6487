import type { ResolvedOptions } from '../options.js';
import type { Segment } from '../segment.js';

/**
 * Sealed segments a checkpoint drops: every one past the retention age, wherever it is (a segment
 * that holds a span dated ahead must not keep older ones behind it), and the oldest ones while the
 * store (segments plus `walBytes`) is beyond `maxBytes`. Never the segment being written.
 */
export function pickExpired(
  segments: readonly Segment[],
  opts: Pick<ResolvedOptions, 'retentionMs' | 'maxBytes'>,
  walBytes: number,
  now: number,
): Segment[] {
  const out: Segment[] = [];
  const { retentionMs, maxBytes } = opts;
  if (retentionMs === null && maxBytes === null) return out;
  let total = maxBytes === null ? 0 : segments.reduce((n, s) => n + s.diskBytes(), 0) + walBytes;
  let oldest = true;
  for (const s of segments) {
    if (!s.sealed) break;
    const old = retentionMs !== null && s.span.maxMs() < now - retentionMs;
    const big = oldest && maxBytes !== null && total > maxBytes;
    if (!old && !big) {
      oldest = false;
      continue;
    }
    total -= s.diskBytes();
    out.push(s);
  }
  return out;
}
