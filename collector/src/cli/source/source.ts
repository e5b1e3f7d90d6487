/**
 * Where the read verbs get their data: a data directory read directly or a collector's REST API.
 * Both answer in the HTTP API's JSON shapes, so every verb is written once and `--json` prints
 * the same bytes whichever source is used.
 */
import type { SeriesInfo, StatsResult } from '@laptime/store';
import type { SortKey } from '../../api/stats-order.js';
import type { SpanJson } from '../../api/span-json.js';

/** Which spans a listing visits (all when empty), as GET /api/spans filters them; times in unix ms. */
export interface SpanFilter {
  name?: string;
  service?: string;
  /** 32 lower-case hex digits. */
  traceId?: string;
  from?: number;
  to?: number;
  /** Milliseconds, inclusive. */
  minDuration?: number;
  status?: 'unset' | 'ok' | 'error';
  /** `asc` by row index (default) or `desc`: newest first. */
  order?: 'asc' | 'desc';
}

/** A trace as GET /api/traces/:traceId answers it: its spans ordered by start. */
export interface TraceJson {
  traceId: string;
  spans: SpanJson[];
}

/** The window and options of a statistics query; times are unix ms. */
export interface StatsQuery {
  service?: string;
  from?: number;
  to?: number;
  exact?: boolean;
}

/** A statistics listing: sorted like GET /api/stats (descending for numbers) and cut. */
export interface StatsListQuery extends StatsQuery {
  sort: SortKey;
  limit?: number;
}

export interface Source {
  /** The directory or URL, for messages. */
  readonly where: string;
  /** The collector's URL when reading over HTTP (links into its dashboard), else null. */
  readonly url: string | null;
  /** The span at a global row index; fails with the store's message (it names the valid range). */
  span(index: number): Promise<SpanJson>;
  /**
   * Matching spans in index order, a bounded page at a time, so memory stays flat (read it with
   * `for await`: a data directory pages synchronously, a collector over HTTP asynchronously).
   */
  spanPages(filter: SpanFilter): Iterable<SpanJson[]> | AsyncIterable<SpanJson[]>;
  /** Every kept span of a trace; fails when none is stored. */
  trace(traceId: string): Promise<TraceJson>;
  names(): Promise<SeriesInfo[]>;
  stats(name: string, query: StatsQuery): Promise<StatsResult>;
  statsList(query: StatsListQuery): Promise<StatsResult[]>;
  close(): Promise<void>;
}

/** Spans fetched per page: the API's maximum, so a listing needs few round trips. */
export const SPAN_PAGE_SIZE = 1000;
