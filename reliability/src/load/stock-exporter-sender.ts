/**
 * An app using the stock OpenTelemetry OTLP/HTTP protobuf exporter: it exports batches of spans
 * one after another and trusts the exporter's own retries (429/503, Retry-After). The ids of
 * every batch the exporter reported SUCCESS for go to the ledger as acknowledged.
 */
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { BasicTracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { AckLedger } from './ack-ledger.js';

/** Spans per export call (the BatchSpanProcessor's default batch is 512; smaller ones retry more). */
export const STOCK_BATCH = 50;
/** Per export, retries included: long enough for its five attempts through a throttled spell. */
export const STOCK_TIMEOUT_MS = 30_000;

/** Counts of the stock exporter's results. */
export interface StockReport {
  exports: number;
  succeeded: number;
  failed: number;
}

/** A running stock-exporter app. */
export interface StockSender {
  stop(): void;
  done: Promise<StockReport>;
}

/** Collects ended spans so they can be handed to the exporter by hand. */
class CollectingProcessor implements SpanProcessor {
  readonly ended: ReadableSpan[] = [];
  onStart(): void {}
  onEnd(span: ReadableSpan): void {
    this.ended.push(span);
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Starts one app exporting to `url` until `stop()`. */
export function startStockSender(url: string, ledger: AckLedger): StockSender {
  const processor = new CollectingProcessor();
  const provider = new BasicTracerProvider({ spanProcessors: [processor] });
  const tracer = provider.getTracer('laptime-reliability-stock');
  const exporter = new OTLPTraceExporter({ url: `${url}/v1/traces`, timeoutMillis: STOCK_TIMEOUT_MS });
  const report: StockReport = { exports: 0, succeeded: 0, failed: 0 };
  let stopped = false;

  const run = async (): Promise<StockReport> => {
    while (!stopped) {
      for (let i = 0; i < STOCK_BATCH; i++) tracer.startSpan('stock.export').end();
      const batch = processor.ended.splice(0);
      const code = await new Promise<ExportResultCode>((resolve) =>
        exporter.export(batch, (r) => resolve(r.code)),
      );
      report.exports++;
      const ok = code === ExportResultCode.SUCCESS;
      if (ok) report.succeeded++;
      else report.failed++;
      ledger.record(
        batch.map((s) => s.spanContext().spanId),
        ok,
      );
    }
    await exporter.shutdown();
    await provider.shutdown();
    return report;
  };
  return {
    stop: () => {
      stopped = true;
    },
    done: run(),
  };
}
