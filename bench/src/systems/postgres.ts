/**
 * PostgreSQL 15 (Debian's package) in a throwaway cluster, through pg and pg-copy-streams: one
 * COPY per batch (its own transaction) with synchronous_commit on, the server's defaults
 * otherwise; a bigint primary key for fetch by index and an index on (service, name); jsonb for
 * attributes and events. Exact percentiles by `percentile_disc`.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { PeerRow } from '../span-pool.js';
import type { SeriesKey, TimeWindow } from '../workload.js';
import { hex } from './hex.js';
import { peakRssOf, PostgresCluster } from './postgres-cluster.js';
import { msToNs, SPAN_COLUMNS } from './sql-text.js';
import {
  quantileRank,
  type FetchedSpan,
  type SeriesStats,
  type SpanBatch,
  type SystemAdapter,
} from './system.js';

const SCHEMA = `
CREATE TABLE spans (
  id bigint PRIMARY KEY, trace_id bytea NOT NULL, span_id bytea NOT NULL, parent_span_id bytea,
  service text NOT NULL, name text NOT NULL, kind smallint NOT NULL, start_ns bigint NOT NULL,
  duration_ns bigint NOT NULL, status smallint NOT NULL, status_message text NOT NULL,
  attributes jsonb NOT NULL, events jsonb NOT NULL
);
CREATE INDEX spans_series ON spans (service, name);`;

const COPY = `COPY spans (${SPAN_COLUMNS.join(', ')}) FROM STDIN`;
const SERIES = 'service = $1 AND name = $2';
const WINDOW = 'start_ns >= $3 AND start_ns < $4';

/**
 * percentile_disc takes the value at 0-based rank ceil(f * n) - 1; asking for (rank + 0.5) / n
 * lands on Laptime's nearest rank ceil(q * n) - 1 exactly, whatever the rounding of q * n, so all systems answer the same p50 and p99.
 */
function fractionOf(q: number, n: number): number {
  return (quantileRank(q, n) + 0.5) / n;
}

interface RawSpan {
  trace_id: Buffer;
  span_id: Buffer;
  service: string;
  name: string;
  start_ns: string;
  duration_ns: string;
  status: number;
  attributes: Record<string, unknown>;
  events: { name: string }[];
}

export class PostgresSystem implements SystemAdapter {
  readonly name = 'postgres';

  private constructor(
    private readonly cluster: PostgresCluster,
    private readonly client: pg.Client,
  ) {}

  /** Starts a new cluster under `dir` (a directory the server's user can reach) and creates the table. */
  static async open(dir: string): Promise<PostgresSystem> {
    const cluster = await PostgresCluster.start(dir);
    try {
      const client = new pg.Client(cluster.address);
      await client.connect();
      await client.query(SCHEMA);
      return new PostgresSystem(cluster, client);
    } catch (err) {
      await cluster.stop();
      throw err;
    }
  }

  async ingest(batch: SpanBatch): Promise<void> {
    const text = batch.peerRows().map(copyLine).join('');
    await pipeline(Readable.from([text]), this.client.query(copyFrom(COPY)));
  }

  /** ANALYZE for the planner and a CHECKPOINT, as after any bulk load. */
  async settle(): Promise<void> {
    await this.client.query('ANALYZE spans');
    await this.client.query('CHECKPOINT');
  }

  statsOne(s: SeriesKey): Promise<SeriesStats> {
    return this.exactStats(s, null);
  }

  async exactStats(s: SeriesKey, w: TimeWindow | null): Promise<SeriesStats> {
    const where = w === null ? SERIES : `${SERIES} AND ${WINDOW}`;
    const params: unknown[] =
      w === null
        ? [s.service, s.name]
        : [s.service, s.name, msToNs(w.fromMs).toString(), msToNs(w.toMs).toString()];
    const kind = w === null ? 'whole' : 'window';
    const count = await this.client.query<{ n: string; mean: number | null }>({
      name: `count-${kind}`,
      text: `SELECT count(*) AS n, avg(duration_ns)::float8 AS mean FROM spans WHERE ${where}`,
      values: params,
    });
    const n = Number(count.rows[0]!.n);
    if (n === 0) return { ...s, count: 0, mean: 0, p50: 0, p99: 0 };
    const next = params.length + 1;
    const q = await this.client.query<{ q: string[] }>({
      name: `quantiles-${kind}`,
      text: `SELECT percentile_disc(ARRAY[$${next}, $${next + 1}]::float8[]) WITHIN GROUP (ORDER BY duration_ns) AS q FROM spans WHERE ${where}`,
      values: [...params, fractionOf(0.5, n), fractionOf(0.99, n)],
    });
    const [p50, p99] = q.rows[0]!.q.map((v) => Number(v) / 1e6);
    return { ...s, count: n, mean: count.rows[0]!.mean! / 1e6, p50: p50!, p99: p99! };
  }

  /** One GROUP BY; percentile_disc with constant fractions, so p50/p99 may sit one rank from Laptime's. */
  async statsAll(): Promise<SeriesStats[]> {
    const r = await this.client.query<{
      service: string;
      name: string;
      n: string;
      mean: number;
      q: string[];
    }>(
      `SELECT service, name, count(*) AS n, avg(duration_ns)::float8 AS mean,
         percentile_disc(ARRAY[0.5, 0.99]) WITHIN GROUP (ORDER BY duration_ns) AS q
       FROM spans GROUP BY service, name`,
    );
    return r.rows.map((row) => ({
      service: row.service,
      name: row.name,
      count: Number(row.n),
      mean: row.mean / 1e6,
      p50: Number(row.q[0]) / 1e6,
      p99: Number(row.q[1]) / 1e6,
    }));
  }

  async fetchRow(index: number): Promise<FetchedSpan> {
    const r = await this.client.query<RawSpan>({
      name: 'fetch',
      text: `SELECT ${SPAN_COLUMNS.join(', ')} FROM spans WHERE id = $1`,
      values: [index],
    });
    const row = r.rows[0];
    if (row === undefined) throw new RangeError(`postgres: no span ${index}`);
    return {
      traceId: hex(row.trace_id),
      spanId: hex(row.span_id),
      service: row.service,
      name: row.name,
      startNs: row.start_ns,
      durationNs: Number(row.duration_ns),
      statusCode: row.status,
      attributes: row.attributes,
      eventNames: row.events.map((e) => e.name),
    };
  }

  /** The table, its TOAST table and its indexes: pg_total_relation_size (WAL not counted). */
  async bytesOnDisk(): Promise<number> {
    const r = await this.client.query<{ bytes: string }>(`SELECT pg_total_relation_size('spans') AS bytes`);
    return Number(r.rows[0]!.bytes);
  }

  /** The server's memory, which the client process's RSS does not include. */
  async notes(): Promise<Record<string, number>> {
    const r = await this.client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const peaks = this.cluster.serverPids().map(peakRssOf);
    return {
      serverBackendPeakRss: peakRssOf(r.rows[0]!.pid),
      serverProcessesPeakRssSum: peaks.reduce((a, b) => a + b, 0),
    };
  }

  async close(): Promise<void> {
    try {
      await this.client.end();
    } finally {
      await this.cluster.stop();
    }
  }
}

/** One row in COPY's text format: tab-separated, \N for NULL, backslash escapes, bytea as \x hex. */
function copyLine(r: PeerRow): string {
  return (
    [
      String(r.index),
      bytea(r.traceId),
      bytea(r.spanId),
      r.parentSpanId === null ? '\\N' : bytea(r.parentSpanId),
      escape(r.service),
      escape(r.name),
      String(r.kind),
      r.startNs.toString(),
      String(r.durationNs),
      String(r.statusCode),
      escape(r.statusMessage),
      escape(r.attributes),
      escape(r.events),
    ].join('\t') + '\n'
  );
}

function bytea(b: Uint8Array): string {
  return `\\\\x${hex(b)}`;
}

function escape(s: string): string {
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : s;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
