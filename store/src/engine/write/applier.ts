import type { Aggregates } from '../../aggregate/aggregates.js';
import type { RowBatch } from '../../row/types.js';
import { durationWords } from '../duration.js';
import { withNames } from '../overflow.js';
import type { BatchDerived, Segment } from '../segment.js';

/**
 * Applies rows [from, batch.length) of a durable batch to the segment being written and to the
 * aggregates: series ids (overflow rows keep their names in the context), segment context ids,
 * durations, columns; aggregates only for rows at or past `aggregateFrom` (earlier ones are
 * already counted in the checkpoint that recovery started from).
 */
export function applyRows(
  agg: Aggregates,
  seg: Segment,
  batch: RowBatch,
  first: number,
  from: number,
  aggregateFrom: number,
): void {
  const n = batch.length;
  const derived: BatchDerived = {
    series: new Uint32Array(n),
    durations: new Uint32Array(2 * n),
    contexts: new Uint32Array(n),
  };
  const strings = batch.strings;
  const pairs = new Map<number, number>();
  const overflowContexts = new Map<string, number>();
  const contextMap = new Int32Array(batch.contexts.length).fill(-1);
  const starts = batch.starts;
  const durs = derived.durations;
  for (let i = from; i < n; i++) {
    const svc = batch.services[i]!;
    const nm = batch.names[i]!;
    const key = svc * strings.length + nm;
    let sid = pairs.get(key);
    if (sid === undefined) {
      const service = strings[svc]!;
      const name = strings[nm]!;
      const id = agg.seriesId(service, name);
      const d = agg.describe(id);
      // Overflow rows are marked by a negative cache entry: their names go into the context.
      sid = d.service === service && d.name === name ? id : -1 - id;
      pairs.set(key, sid);
    }
    const c = batch.contextIds[i]!;
    if (sid < 0) {
      sid = -1 - sid;
      const okey = `${c}\u0000${svc}\u0000${nm}`;
      let ctx = overflowContexts.get(okey);
      if (ctx === undefined) {
        ctx = seg.internContext(withNames(batch.contexts[c]!, strings[svc]!, strings[nm]!));
        overflowContexts.set(okey, ctx);
      }
      derived.contexts[i] = ctx;
    } else {
      if (contextMap[c]! < 0) contextMap[c] = seg.internContext(batch.contexts[c]!);
      derived.contexts[i] = contextMap[c]!;
    }
    derived.series[i] = sid;
    durationWords(batch, i, durs, i);
    if (first + i >= aggregateFrom) {
      const startMs = (starts[2 * i + 1]! * 4294967296 + starts[2 * i]!) / 1e6;
      agg.add(sid, startMs, durs[2 * i + 1]! * 4294967296 + durs[2 * i]!, batch.statusCodes[i] === 2);
    }
  }
  seg.write(batch, from, n, derived);
}
