/**
 * DuckDB through @duckdb/node-api, in its best durable mode for row-at-a-time ingest: one
 * appender, flushed once per batch. Each flush is its own committed transaction, written to the
 * WAL and fsync'd; DuckDB checkpoints the WAL into the database file by itself once it passes
 * `checkpoint_threshold` (16 MiB by default). No index: DuckDB's own advice, its zone maps (min/max
 * per row group) serve the id and series filters. Exact percentiles by `quantile_disc`.
 */
import * as path from 'node:path';
import type { DuckDBBlobValue, DuckDBListValue } from '@duckdb/node-api';
import {
  DuckDBInstance,
  type DuckDBAppender,
  type DuckDBConnection,
  type DuckDBPreparedStatement,
  type DuckDBValue,
} from '@duckdb/node-api';
import { directoryBytes } from '../disk-usage.js';
import type { SeriesKey, TimeWindow } from '../workload.js';
import { hex } from './hex.js';
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
  id BIGINT NOT NULL, trace_id BLOB NOT NULL, span_id BLOB NOT NULL, parent_span_id BLOB,
  service VARCHAR NOT NULL, name VARCHAR NOT NULL, kind UTINYINT NOT NULL, start_ns BIGINT NOT NULL,
  duration_ns BIGINT NOT NULL, status UTINYINT NOT NULL, status_message VARCHAR NOT NULL,
  attributes JSON NOT NULL, events JSON NOT NULL
)`;

const SERIES = 'service = $1 AND name = $2';
const WINDOW = 'start_ns >= $3 AND start_ns < $4';

/**
 * quantile_disc takes the value at 0-based rank ceil(q * n) - 1; asking for (rank + 0.5) / n
 * lands on Laptime's nearest rank ceil(q * n) - 1 exactly, whatever the rounding of q * n, so all systems answer the same p50 and p99.
 */
function fractionOf(q: number, n: number): number {
  return (quantileRank(q, n) + 0.5) / n;
}

export class DuckdbSystem implements SystemAdapter {
  readonly name = 'duckdb';

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly appender: DuckDBAppender,
    private readonly queries: {
      count: Record<'whole' | 'window', DuckDBPreparedStatement>;
      quantiles: Record<'whole' | 'window', DuckDBPreparedStatement>;
      fetch: DuckDBPreparedStatement;
    },
    private readonly dir: string,
  ) {}

  static async open(dir: string): Promise<DuckdbSystem> {
    const instance = await DuckDBInstance.create(path.join(dir, 'spans.duckdb'));
    const connection = await instance.connect();
    await connection.run(SCHEMA);
    const appender = await connection.createAppender('spans');
    const countSql = (where: string): string =>
      `SELECT count(*) AS n, avg(duration_ns) AS mean FROM spans WHERE ${where}`;
    const quantilesSql = (where: string, next: number): string =>
      `SELECT quantile_disc(duration_ns, [$${next}, $${next + 1}]) AS q FROM spans WHERE ${where}`;
    const queries = {
      count: {
        whole: await connection.prepare(countSql(SERIES)),
        window: await connection.prepare(countSql(`${SERIES} AND ${WINDOW}`)),
      },
      quantiles: {
        whole: await connection.prepare(quantilesSql(SERIES, 3)),
        window: await connection.prepare(quantilesSql(`${SERIES} AND ${WINDOW}`, 5)),
      },
      fetch: await connection.prepare(`SELECT ${SPAN_COLUMNS.join(', ')} FROM spans WHERE id = $1`),
    };
    return new DuckdbSystem(instance, connection, appender, queries, dir);
  }

  ingest(batch: SpanBatch): Promise<void> {
    const a = this.appender;
    for (const r of batch.peerRows()) {
      a.appendBigInt(BigInt(r.index));
      a.appendBlob(r.traceId);
      a.appendBlob(r.spanId);
      if (r.parentSpanId === null) a.appendNull();
      else a.appendBlob(r.parentSpanId);
      a.appendVarchar(r.service);
      a.appendVarchar(r.name);
      a.appendUTinyInt(r.kind);
      a.appendBigInt(r.startNs);
      a.appendBigInt(BigInt(r.durationNs));
      a.appendUTinyInt(r.statusCode);
      a.appendVarchar(r.statusMessage);
      a.appendVarchar(r.attributes);
      a.appendVarchar(r.events);
      a.endRow();
    }
    a.flushSync();
    return Promise.resolve();
  }

  /** Folds the WAL into the database file, as DuckDB does at close. */
  async settle(): Promise<void> {
    this.appender.closeSync();
    await this.connection.run('CHECKPOINT');
  }

  statsOne(s: SeriesKey): Promise<SeriesStats> {
    return this.exactStats(s, null);
  }

  async exactStats(s: SeriesKey, w: TimeWindow | null): Promise<SeriesStats> {
    const params: DuckDBValue[] =
      w === null ? [s.service, s.name] : [s.service, s.name, msToNs(w.fromMs), msToNs(w.toMs)];
    const kind = w === null ? 'whole' : 'window';
    const count = this.queries.count[kind];
    count.bind(params);
    const [row] = (await count.runAndReadAll()).getRowObjects();
    const n = Number(row!['n']);
    if (n === 0) return { ...s, count: 0, mean: 0, p50: 0, p99: 0 };
    const quantiles = this.queries.quantiles[kind];
    quantiles.bind([...params, fractionOf(0.5, n), fractionOf(0.99, n)]);
    const [q] = (await quantiles.runAndReadAll()).getRowObjects();
    const [p50, p99] = (q!['q'] as DuckDBListValue).items.map((v) => Number(v as bigint) / 1e6);
    return { ...s, count: n, mean: (row!['mean'] as number) / 1e6, p50: p50!, p99: p99! };
  }

  /** One GROUP BY; quantile_disc with constant fractions, so p50/p99 may sit one rank from Laptime's. */
  async statsAll(): Promise<SeriesStats[]> {
    const reader = await this.connection.runAndReadAll(
      `SELECT service, name, count(*) AS n, avg(duration_ns) AS mean,
         quantile_disc(duration_ns, [0.5, 0.99]) AS q
       FROM spans GROUP BY service, name`,
    );
    return reader.getRowObjects().map((r) => {
      const [p50, p99] = (r['q'] as DuckDBListValue).items.map((v) => Number(v as bigint) / 1e6);
      return {
        service: r['service'] as string,
        name: r['name'] as string,
        count: Number(r['n']),
        mean: (r['mean'] as number) / 1e6,
        p50: p50!,
        p99: p99!,
      };
    });
  }

  async fetchRow(index: number): Promise<FetchedSpan> {
    this.queries.fetch.bind([BigInt(index)]);
    const [r] = (await this.queries.fetch.runAndReadAll()).getRowObjects();
    if (r === undefined) throw new RangeError(`duckdb: no span ${index}`);
    return {
      traceId: hex((r['trace_id'] as DuckDBBlobValue).bytes),
      spanId: hex((r['span_id'] as DuckDBBlobValue).bytes),
      service: r['service'] as string,
      name: r['name'] as string,
      startNs: (r['start_ns'] as bigint).toString(),
      durationNs: Number(r['duration_ns']),
      statusCode: r['status'] as number,
      attributes: JSON.parse(r['attributes'] as string) as Record<string, unknown>,
      eventNames: (JSON.parse(r['events'] as string) as { name: string }[]).map((e) => e.name),
    };
  }

  /** The database file and its WAL (empty after the checkpoint of {@link settle}). */
  bytesOnDisk(): Promise<number> {
    return Promise.resolve(directoryBytes(this.dir));
  }

  notes(): Promise<Record<string, number>> {
    return Promise.resolve({});
  }

  close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
    return Promise.resolve();
  }
}
