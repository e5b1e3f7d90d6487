import type { ExportResult } from '@opentelemetry/core';
import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { EmbeddedSink } from './embedded/embedded-sink.js';
import type { ExporterStats } from './exporter-stats.js';
import type { LaptimeSpanExporterOptions } from './options/exporter-options.js';
import { resolveOptions } from './options/exporter-options.js';
import { RemoteSink } from './remote/remote-sink.js';
import type { SpanSink } from './span-sink.js';

/**
 * An OpenTelemetry SpanExporter for Laptime.
 *
 * Remote mode (default): OTLP/HTTP protobuf to a Laptime collector (or any OTLP receiver).
 * `export` queues the spans and reports SUCCESS at once; a single sender delivers them,
 * retrying while the collector is unreachable. At most `maxQueueSpans` wait; beyond that the
 * oldest are dropped and counted (see {@link stats}), with one warning through `diag`.
 *
 * Embedded mode (`dataDir`): the store runs in this process; `export` reports SUCCESS once the
 * spans are durable, or FAILED with the store's error (for instance the directory is locked by
 * another process: the message names both).
 *
 * `export` never throws. Bad options throw at construction, naming the option and the value.
 *
 * @example
 *   new BatchSpanProcessor(new LaptimeSpanExporter({ url: 'http://localhost:4318' }));
 *   new LaptimeSpanExporter({ dataDir: './laptime-data' });
 */
export class LaptimeSpanExporter implements SpanExporter {
  private readonly sink: SpanSink;
  private readonly embedded: EmbeddedSink | null;

  constructor(options: LaptimeSpanExporterOptions = {}) {
    const resolved = resolveOptions(options);
    if (resolved.mode === 'embedded') {
      this.embedded = new EmbeddedSink(resolved);
      this.sink = this.embedded;
    } else {
      this.embedded = null;
      this.sink = new RemoteSink(resolved);
    }
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    let accepted: Promise<void>;
    try {
      accepted = this.sink.accept(spans);
    } catch (err) {
      accepted = Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    accepted.then(
      () => resultCallback({ code: ExportResultCode.SUCCESS }),
      (err: unknown) =>
        resultCallback({
          code: ExportResultCode.FAILED,
          error: err instanceof Error ? err : new Error(String(err)),
        }),
    );
  }

  /**
   * Resolves once the exporter can take spans: at once in remote mode; in embedded mode once
   * the store is open, rejecting with the reason it cannot be (e.g. LockedError, `LT_LOCKED`).
   */
  ready(): Promise<void> {
    return this.embedded === null ? Promise.resolve() : this.embedded.ready();
  }

  /** Waits (at most `timeoutMillis`) until every accepted span is delivered. */
  forceFlush(): Promise<void> {
    return this.sink.forceFlush();
  }

  /** Flushes (at most `timeoutMillis`), then closes the connection or the store. */
  shutdown(): Promise<void> {
    return this.sink.shutdown();
  }

  /** What happened to the spans given to this exporter so far. */
  stats(): ExporterStats {
    return this.sink.stats();
  }
}
