import type { ResolvedOptions } from '../options.js';
import type { Segment } from '../segment.js';

/**
 * Sealed segments a checkpoint drops: the oldest ones while they are past the retention age or the
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
  for (const s of segments) {
    if (!s.sealed) break;
    const old = retentionMs !== null && s.span.maxMs() < now - retentionMs;
    const big = maxBytes !== null && total > maxBytes;
    if (!old && !big) break;
    total -= s.diskBytes();
    out.push(s);
  }
  return out;
}
