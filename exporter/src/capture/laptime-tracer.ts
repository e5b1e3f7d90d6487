import type { Tracer, TracerProvider } from '@opentelemetry/api';
import { ProxyTracerProvider, trace } from '@opentelemetry/api';
import { VERSION } from '../version.js';

/** Instrumentation scope of captured spans. */
export const TRACER_NAME = 'laptime';

let provider: TracerProvider | undefined;
let tracer: Tracer | undefined;

/**
 * The tracer of captured spans, from whatever tracer provider the app registered, looked up again
 * only when that provider changes. The provider behind the API's proxy is used directly, so a
 * captured call costs what a call on the SDK's own tracer costs.
 */
export function laptimeTracer(): Tracer {
  let current = trace.getTracerProvider();
  if (current instanceof ProxyTracerProvider) current = current.getDelegate();
  if (current !== provider || tracer === undefined) {
    provider = current;
    tracer = current.getTracer(TRACER_NAME, VERSION);
  }
  return tracer;
}
