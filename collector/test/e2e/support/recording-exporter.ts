/**
 * Wraps a real exporter and remembers what it was handed and how each export ended, so a test
 * knows exactly what was sent and fails clearly when an export failed (the BatchSpanProcessor
 * would only log it).
 */
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

export class RecordingExporter implements SpanExporter {
  /** Spans whose export succeeded, in export order. */
  readonly exported: ReadableSpan[] = [];
  /** Errors of failed exports. */
  readonly failures: string[] = [];

  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      if (result.code === ExportResultCode.SUCCESS) this.exported.push(...spans);
      else this.failures.push(String(result.error ?? 'export failed without an error'));
      resultCallback(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}
