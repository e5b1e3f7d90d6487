/**
 * GET /metrics: per-series duration summaries and error counters from the store's aggregates,
 * and the collector's own health (ingest, queue, WAL, bufferpool, checkpoints, store size).
 */
import { Router } from 'express';
import type { CollectorContext } from '../context.js';
import { Exposition } from './exposition.js';

/** The quantiles of each series' summary, and the Stats fields (ms) they come from. */
const QUANTILES = [
  ['0.5', 'p50'],
  ['0.9', 'p90'],
  ['0.95', 'p95'],
  ['0.99', 'p99'],
  ['0.999', 'p999'],
] as const;

const MS_PER_SECOND = 1000;

/** The exposition of one moment. */
export function renderMetrics(ctx: CollectorContext): string {
  const e = new Exposition();
  seriesMetrics(e, ctx);
  ingestMetrics(e, ctx);
  storeMetrics(e, ctx);
  return e.text();
}

function seriesMetrics(e: Exposition, ctx: CollectorContext): void {
  const stats = ctx.store.statsAll().filter((s) => s.count > 0);
  const duration = 'laptime_span_duration_seconds';
  e.family(
    duration,
    'summary',
    'Span durations per series (percentiles within 1% relative error), lifetime.',
  );
  for (const s of stats) {
    const series = { service: s.service, name: s.name };
    for (const [quantile, field] of QUANTILES)
      e.sample(duration, s[field] / MS_PER_SECOND, { ...series, quantile });
    e.sample(`${duration}_sum`, (s.mean * s.count) / MS_PER_SECOND, series);
    e.sample(`${duration}_count`, s.count, series);
  }
  const errors = 'laptime_span_errors_total';
  e.family(errors, 'counter', 'Spans with status error per series.');
  for (const s of stats) e.sample(errors, s.errors, { service: s.service, name: s.name });
}

function ingestMetrics(e: Exposition, ctx: CollectorContext): void {
  const c = ctx.counters;
  const q = ctx.queue.depth();
  e.single('laptime_ingest_requests_total', 'counter', 'Requests to POST /v1/traces.', c.requests);
  e.single(
    'laptime_ingest_throttled_total',
    'counter',
    'Ingest requests refused because the queue was full.',
    c.throttled,
  );
  e.single('laptime_ingest_failed_total', 'counter', 'Ingest requests refused as a whole.', c.failed);
  e.single(
    'laptime_ingest_body_bytes_total',
    'counter',
    'Decompressed request body bytes read.',
    c.bodyBytes,
  );
  e.single('laptime_spans_received_total', 'counter', 'Spans decoded from ingest requests.', c.spansReceived);
  e.single('laptime_spans_accepted_total', 'counter', 'Spans made durable.', c.spansAccepted);
  e.single(
    'laptime_spans_rejected_total',
    'counter',
    'Spans rejected one by one (partial success).',
    c.spansRejected,
  );
  e.single('laptime_ingest_queue_bytes', 'gauge', 'Body bytes held by ingest requests in flight.', q.bytes);
  e.single('laptime_ingest_queue_requests', 'gauge', 'Ingest requests in flight.', q.requests);
  e.single(
    'laptime_ingest_queue_limit_bytes',
    'gauge',
    'Bound on laptime_ingest_queue_bytes.',
    ctx.config.ingestQueueBytes,
  );
  e.single(
    'laptime_ingest_queue_limit_requests',
    'gauge',
    'Bound on laptime_ingest_queue_requests.',
    ctx.config.ingestQueueRequests,
  );
  e.single(
    'laptime_ready',
    'gauge',
    '1 while the collector takes spans, else 0.',
    ctx.health.notReadyReason() === null ? 1 : 0,
  );
}

function storeMetrics(e: Exposition, ctx: CollectorContext): void {
  const m = ctx.store.metrics();
  e.single(
    'laptime_store_rows',
    'gauge',
    'Rows appended to the store (global index of the next row).',
    m.rows,
  );
  e.single('laptime_store_expired_rows', 'gauge', 'Rows dropped by retention.', m.expiredRows);
  e.single('laptime_store_segments', 'gauge', 'Segment files of the store.', m.segments);
  e.single(
    'laptime_store_disk_bytes',
    'gauge',
    'Bytes the store takes on disk (segments and WAL).',
    ctx.store.diskBytes(),
  );
  e.single('laptime_store_pending_bytes', 'gauge', 'Bytes of appends waiting for the WAL.', m.pendingBytes);
  e.single(
    'laptime_store_aggregates_bytes',
    'gauge',
    'Memory of the per-series aggregates.',
    m.aggregatesBytes,
  );
  e.single('laptime_series', 'gauge', 'Series (service, span name) known to the store.', m.series);
  e.single(
    'laptime_series_overflow_spans_total',
    'counter',
    'Spans counted into __overflow__ because of the series cap.',
    m.seriesOverflow,
  );
  e.single('laptime_wal_bytes', 'gauge', 'Current size of the write-ahead log.', m.walBytes);
  e.single(
    'laptime_wal_written_bytes_total',
    'counter',
    'Bytes written to the write-ahead log.',
    m.walBytesWritten,
  );
  e.single('laptime_wal_fsyncs_total', 'counter', 'fsync calls of the write-ahead log.', m.walFsyncs);
  e.single('laptime_checkpoints_total', 'counter', 'Checkpoints written since start.', m.checkpoints);
  e.single(
    'laptime_checkpoint_failures_total',
    'counter',
    'Checkpoints that failed since start (each is retried with backoff).',
    m.checkpointFailures,
  );
  e.single(
    'laptime_checkpoint_consecutive_failures',
    'gauge',
    'Checkpoints failed since the last one that succeeded.',
    ctx.store.checkpointStatus().consecutiveFailures,
  );
  e.single(
    'laptime_store_recoveries_total',
    'counter',
    'Times the store was reopened from disk after a fatal storage error.',
    ctx.supervisor.recoveries,
  );
  e.single(
    'laptime_checkpoint_last_duration_seconds',
    'gauge',
    'Duration of the last checkpoint.',
    m.lastCheckpointMs / MS_PER_SECOND,
  );
  e.single('laptime_bufferpool_hits_total', 'counter', 'Page pins served from a frame.', m.pool.hits);
  e.single('laptime_bufferpool_misses_total', 'counter', 'Page pins that read from disk.', m.pool.misses);
  e.single('laptime_bufferpool_evictions_total', 'counter', 'Pages evicted to make room.', m.pool.evictions);
  e.single('laptime_bufferpool_write_backs_total', 'counter', 'Dirty pages written back.', m.pool.writeBacks);
  e.single('laptime_bufferpool_frames', 'gauge', 'Frames of the bufferpool.', m.pool.frames);
  e.single('laptime_bufferpool_pinned_frames', 'gauge', 'Frames pinned now.', m.pool.pinned);
  e.single('laptime_bufferpool_dirty_frames', 'gauge', 'Frames dirty now.', m.pool.dirty);
}

/** The express router of GET /metrics. */
export function metricsRoute(ctx: CollectorContext): Router {
  return Router().get('/metrics', (_req, res) => {
    res.type('text/plain; version=0.0.4; charset=utf-8').send(renderMetrics(ctx));
  });
}
