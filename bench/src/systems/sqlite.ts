/**
 * SQLite through better-sqlite3, in its best durable mode: one connection, WAL journal with
 * synchronous=FULL (every commit fsyncs the WAL, as Laptime fsyncs each append), one prepared
 * INSERT run 512 times in one transaction per batch, an INTEGER PRIMARY KEY for fetch by index
 * and an index on (service, name). SQLite has no percentile function, so exact percentiles are
 * read at their rank from the series' rows in order (ORDER BY ... LIMIT 1 OFFSET rank), and for
 * every series at once by a window function.
 */
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { directoryBytes } from '../disk-usage.js';
import type { PeerRow } from '../span-pool.js';
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
  id INTEGER PRIMARY KEY, trace_id BLOB NOT NULL, span_id BLOB NOT NULL, parent_span_id BLOB,
  service TEXT NOT NULL, name TEXT NOT NULL, kind INTEGER NOT NULL, start_ns INTEGER NOT NULL,
  duration_ns INTEGER NOT NULL, status INTEGER NOT NULL, status_message TEXT NOT NULL,
  attributes TEXT NOT NULL, events TEXT NOT NULL
);
CREATE INDEX spans_series ON spans (service, name);`;

const SERIES = 'service = ? AND name = ?';
const WINDOW = 'start_ns >= ? AND start_ns < ?';

/** Every series' count, mean and the values at Laptime's ranks of p50 and p99, in one query. */
const STATS_ALL = `
SELECT service, name, n, mean,
  max(CASE WHEN rn = CAST(0.5 * (n - 1) AS INTEGER) THEN duration_ns END) AS p50,
  max(CASE WHEN rn = CAST(0.99 * (n - 1) AS INTEGER) THEN duration_ns END) AS p99
FROM (
  SELECT service, name, duration_ns,
    row_number() OVER (PARTITION BY service, name ORDER BY duration_ns) - 1 AS rn,
    count(*) OVER (PARTITION BY service, name) AS n,
    avg(duration_ns) OVER (PARTITION BY service, name) AS mean
  FROM spans
)
WHERE rn = CAST(0.5 * (n - 1) AS INTEGER) OR rn = CAST(0.99 * (n - 1) AS INTEGER)
GROUP BY service, name`;

interface RawSpan {
  trace_id: Buffer;
  span_id: Buffer;
  service: string;
  name: string;
  start_ns: bigint;
  duration_ns: bigint;
  status: bigint;
  attributes: string;
  events: string;
}

export class SqliteSystem implements SystemAdapter {
  readonly name = 'sqlite';
  private readonly insertBatch: (rows: PeerRow[]) => void;
  private readonly count: { whole: Database.Statement; window: Database.Statement };
  private readonly rank: { whole: Database.Statement; window: Database.Statement };
  private readonly statsAllQuery: Database.Statement;
  private readonly fetch: Database.Statement;

  private constructor(
    private readonly db: Database.Database,
    private readonly dir: string,
  ) {
    const insert = db.prepare(
      `INSERT INTO spans (${SPAN_COLUMNS.join(', ')}) VALUES (${SPAN_COLUMNS.map(() => '?').join(', ')})`,
    );
    this.insertBatch = db.transaction((rows: PeerRow[]) => {
      for (const r of rows) {
        insert.run(
          r.index,
          r.traceId,
          r.spanId,
          r.parentSpanId,
          r.service,
          r.name,
          r.kind,
          r.startNs,
          r.durationNs,
          r.statusCode,
          r.statusMessage,
          r.attributes,
          r.events,
        );
      }
    });
    const countSql = (where: string): string =>
      `SELECT count(*) AS n, avg(duration_ns) AS mean FROM spans WHERE ${where}`;
    const rankSql = (where: string): string =>
      `SELECT duration_ns AS d FROM spans WHERE ${where} ORDER BY duration_ns LIMIT 1 OFFSET ?`;
    this.count = {
      whole: db.prepare(countSql(SERIES)),
      window: db.prepare(countSql(`${SERIES} AND ${WINDOW}`)),
    };
    this.rank = {
      whole: db.prepare(rankSql(SERIES)),
      window: db.prepare(rankSql(`${SERIES} AND ${WINDOW}`)),
    };
    this.statsAllQuery = db.prepare(STATS_ALL);
    this.fetch = db.prepare('SELECT * FROM spans WHERE id = ?').safeIntegers(true);
  }

  /** A new database in `dir`. */
  static open(dir: string): Promise<SqliteSystem> {
    const db = new Database(path.join(dir, 'spans.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(SCHEMA);
    return Promise.resolve(new SqliteSystem(db, dir));
  }

  ingest(batch: SpanBatch): Promise<void> {
    this.insertBatch(batch.peerRows());
    return Promise.resolve();
  }

  /** ANALYZE for the planner, then a checkpoint that folds the WAL into the database file. */
  settle(): Promise<void> {
    this.db.exec('ANALYZE');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return Promise.resolve();
  }

  statsOne(s: SeriesKey): Promise<SeriesStats> {
    return this.exactStats(s, null);
  }

  exactStats(s: SeriesKey, w: TimeWindow | null): Promise<SeriesStats> {
    const params: unknown[] =
      w === null ? [s.service, s.name] : [s.service, s.name, msToNs(w.fromMs), msToNs(w.toMs)];
    const kind = w === null ? 'whole' : 'window';
    const { n, mean } = this.count[kind].get(...params) as { n: number; mean: number | null };
    const at = (q: number): number =>
      n === 0 ? 0 : (this.rank[kind].get(...params, quantileRank(q, n)) as { d: number }).d / 1e6;
    return Promise.resolve({ ...s, count: n, mean: (mean ?? 0) / 1e6, p50: at(0.5), p99: at(0.99) });
  }

  statsAll(): Promise<SeriesStats[]> {
    const rows = this.statsAllQuery.all() as {
      service: string;
      name: string;
      n: number;
      mean: number;
      p50: number;
      p99: number;
    }[];
    return Promise.resolve(
      rows.map((r) => ({
        service: r.service,
        name: r.name,
        count: r.n,
        mean: r.mean / 1e6,
        p50: r.p50 / 1e6,
        p99: r.p99 / 1e6,
      })),
    );
  }

  fetchRow(index: number): Promise<FetchedSpan> {
    const r = this.fetch.get(index) as RawSpan | undefined;
    if (r === undefined) throw new RangeError(`sqlite: no span ${index}`);
    return Promise.resolve({
      traceId: hex(r.trace_id),
      spanId: hex(r.span_id),
      service: r.service,
      name: r.name,
      startNs: r.start_ns.toString(),
      durationNs: Number(r.duration_ns),
      statusCode: Number(r.status),
      attributes: JSON.parse(r.attributes) as Record<string, unknown>,
      eventNames: (JSON.parse(r.events) as { name: string }[]).map((e) => e.name),
    });
  }

  /** The database file and its WAL (empty after the TRUNCATE checkpoint of {@link settle}). */
  bytesOnDisk(): Promise<number> {
    return Promise.resolve(directoryBytes(this.dir));
  }

  notes(): Promise<Record<string, number>> {
    return Promise.resolve({});
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }
}
