/** Counters of a {@link LaptimeSpanExporter}, for tests and the app's own health checks. */
export interface ExporterStats {
  /** Spans accepted by `export` and not yet delivered: queued or being sent (or appended). */
  queuedSpans: number;
  /** Spans the collector (or the embedded store) has acknowledged. */
  exportedSpans: number;
  /** Spans dropped because the queue was full while the collector was unreachable, or left at shutdown. */
  droppedSpans: number;
  /** Spans refused: a non-retryable answer, a partial success, or rows the store rejects. */
  rejectedSpans: number;
}
