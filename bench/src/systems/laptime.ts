/**
 * Laptime: the store itself, with default options (64 MiB pool, checkpoint every 64 MiB of WAL,
 * WAL records not deflated unless the run asks for `walCompression`).
 * Batches arrive columnar and already checked, as from the collector's decoder, so `append` skips
 * its own validation; it resolves once the WAL record is fsync'd.
 */
import { Store, type StatsResult } from '@laptime/store';
import { plainAttributes } from '../span-pool.js';
import type { SeriesKey, TimeWindow } from '../workload.js';
import { hex } from './hex.js';
import type { FetchedSpan, SeriesStats, SpanBatch, SystemAdapter } from './system.js';

export class LaptimeSystem implements SystemAdapter {
  readonly name = 'laptime';

  private constructor(private readonly store: Store) {}

  static async open(dir: string, walCompression = false): Promise<LaptimeSystem> {
    return new LaptimeSystem(await Store.open(dir, { walCompression }));
  }

  async ingest(batch: SpanBatch): Promise<void> {
    await this.store.append(batch.rowBatch(), { validated: true });
  }

  async settle(): Promise<void> {
    await this.store.checkpoint();
  }

  statsOne(s: SeriesKey): Promise<SeriesStats> {
    return Promise.resolve(seriesStats(this.store.stats(s.name, { service: s.service })));
  }

  statsAll(): Promise<SeriesStats[]> {
    // The store also lists its empty `__overflow__` series, which holds no spans here.
    return Promise.resolve(
      this.store
        .statsAll()
        .filter((s) => s.count > 0)
        .map(seriesStats),
    );
  }

  exactStats(s: SeriesKey, w: TimeWindow | null): Promise<SeriesStats> {
    const window = w === null ? {} : { from: w.fromMs, to: w.toMs };
    return Promise.resolve(
      seriesStats(this.store.stats(s.name, { service: s.service, exact: true, ...window })),
    );
  }

  fetchRow(index: number): Promise<FetchedSpan> {
    const r = this.store.fetch(index);
    return Promise.resolve({
      traceId: hex(r.traceId),
      spanId: hex(r.spanId),
      service: r.service,
      name: r.name,
      startNs: r.startTimeUnixNano.toString(),
      durationNs: Number(r.endTimeUnixNano - r.startTimeUnixNano),
      statusCode: r.statusCode,
      attributes: plainAttributes(r.attributes),
      eventNames: r.events.map((e) => e.name),
    });
  }

  /** Segments and WAL, after the checkpoint of {@link settle}. */
  bytesOnDisk(): Promise<number> {
    return Promise.resolve(this.store.diskBytes());
  }

  notes(): Promise<Record<string, number>> {
    return Promise.resolve({});
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}

function seriesStats(r: StatsResult): SeriesStats {
  return { service: r.service, name: r.name, count: r.count, mean: r.mean, p50: r.p50, p99: r.p99 };
}
