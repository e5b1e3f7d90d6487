/**
 * One instrumented service as a user sets it up: a BasicTracerProvider with its own resource, a
 * BatchSpanProcessor and the stock OTLP exporter (JSON or protobuf) pointed at the collector.
 */
import type { Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { RecordingExporter } from './recording-exporter.js';

/** The OTLP/HTTP encodings, named as OTEL_EXPORTER_OTLP_PROTOCOL names them. */
export type OtlpProtocol = 'http/json' | 'http/protobuf';
export const PROTOCOLS: readonly OtlpProtocol[] = ['http/json', 'http/protobuf'];

/** Scope version every test tracer reports. */
export const SCOPE_VERSION = '1.0.0';

export interface TracingClient {
  tracer: Tracer;
  /** Exports everything ended so far; throws if an export failed. Returns the spans sent. */
  flush(): Promise<ReadableSpan[]>;
  shutdown(): Promise<void>;
}

export function tracingClient(
  collectorUrl: string,
  protocol: OtlpProtocol,
  resource: Record<string, string | number | boolean>,
): TracingClient {
  const url = new URL('/v1/traces', collectorUrl).href;
  const stock = protocol === 'http/json' ? new JsonExporter({ url }) : new ProtoExporter({ url });
  const recorder = new RecordingExporter(stock);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(resource),
    spanProcessors: [new BatchSpanProcessor(recorder)],
  });
  return {
    tracer: provider.getTracer(`laptime-e2e-${String(resource['service.name'])}`, SCOPE_VERSION),
    async flush() {
      await provider.forceFlush();
      if (recorder.failures.length > 0) throw new Error(`export failed: ${recorder.failures.join('; ')}`);
      return recorder.exported;
    },
    shutdown: () => provider.shutdown(),
  };
}
