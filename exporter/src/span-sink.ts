import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { ExporterStats } from './exporter-stats.js';

/** Where a {@link LaptimeSpanExporter} puts spans: a remote collector or an embedded store. */
export interface SpanSink {
  /** Takes the spans; resolves once they are accepted, rejects with the reason they are not. */
  accept(spans: ReadableSpan[]): Promise<void>;
  /** Resolves once everything accepted so far is delivered, or after the export timeout. */
  forceFlush(): Promise<void>;
  /** Flushes (bounded by the timeout), then releases everything; later `accept`s are refused. */
  shutdown(): Promise<void>;
  stats(): ExporterStats;
}
