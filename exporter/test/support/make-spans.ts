import type { Attributes } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/**
 * `count` finished spans named `${prefix}${i}`, made by a real SDK tracer (not registered
 * globally), for feeding an exporter directly.
 */
export function makeSpans(count: number, prefix = 'span-', attributes: Attributes = {}): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'made-spans' }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('test-maker', '1.0.0');
  for (let i = 0; i < count; i++) tracer.startSpan(`${prefix}${i}`, { attributes }).end();
  return memory.getFinishedSpans().slice();
}
