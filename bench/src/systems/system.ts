/**
 * The one interface every measured system implements, Laptime and its peers alike: durable
 * ingest of one batch at a time, the statistics queries, fetch by index, and bytes on disk.
 */
import type { RowBatch } from '@laptime/store';
import type { PeerRow } from '../span-pool.js';
import type { SeriesKey, TimeWindow } from '../workload.js';

export const SYSTEM_NAMES = ['laptime', 'sqlite', 'duckdb', 'postgres'] as const;
export type SystemName = (typeof SYSTEM_NAMES)[number];

/** The same batch in both shapes; a system reads the one it takes. */
export interface SpanBatch {
  rowBatch(): RowBatch;
  peerRows(): PeerRow[];
}

/** Statistics of one series; durations in ms. */
export interface SeriesStats {
  service: string;
  name: string;
  count: number;
  mean: number;
  p50: number;
  p99: number;
}

/** The fields of a fetched span that every system keeps, in one comparable shape. */
export interface FetchedSpan {
  traceId: string;
  spanId: string;
  service: string;
  name: string;
  startNs: string;
  durationNs: number;
  statusCode: number;
  attributes: Record<string, unknown>;
  eventNames: string[];
}

/**
 * The rank of quantile `q` among `n` sorted values (0-based): Laptime's nearest-rank definition,
 * ceil(q * n) - 1, which all systems share.
 */
export { quantileRank } from '@laptime/store';

/** One call at a time: adapters reuse their prepared statements. */
export interface SystemAdapter {
  readonly name: SystemName;
  /** Stores the batch and returns once it is committed durably. */
  ingest(batch: SpanBatch): Promise<void>;
  /** After the last batch, untimed: what each system's best practice does after a load. */
  settle(): Promise<void>;
  /** count, mean, p50, p99 of one series over its whole life (Laptime: from its aggregates). */
  statsOne(series: SeriesKey): Promise<SeriesStats>;
  /** The same for every series that has spans, at once. */
  statsAll(): Promise<SeriesStats[]>;
  /** Exact statistics of one series over a window of span start times. */
  exactStats(series: SeriesKey, window: TimeWindow | null): Promise<SeriesStats>;
  /** The span with global index `index` (0 = the first ingested). */
  fetchRow(index: number): Promise<FetchedSpan>;
  /** Bytes the system's files take for the spans (see each adapter for what is counted). */
  bytesOnDisk(): Promise<number>;
  /** Extra figures worth stating (e.g. a server's own memory), by name. */
  notes(): Promise<Record<string, number>>;
  close(): Promise<void>;
}
