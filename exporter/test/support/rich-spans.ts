import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  createTraceState,
  trace,
} from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

const REMOTE_PARENT = {
  traceId: '5b8efff798038103d269b633813fc60c',
  spanId: 'eee19b7ec3c1b174',
  traceFlags: TraceFlags.SAMPLED,
  isRemote: true,
  traceState: createTraceState('vendor=a1,other=b2'),
};

/**
 * Spans that use every part of a row: a remote parent with trace state, every kind of attribute
 * value the SDK accepts (integral and fractional numbers, large integers, arrays with nulls),
 * events, links, an error status, and counts of what the span limits dropped.
 */
export function makeRichSpans(): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'rich', 'host.name': 'web-1', 'process.pid': 4242 }),
    spanLimits: { attributeCountLimit: 12, eventCountLimit: 2, linkCountLimit: 1 },
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('rich-scope', '2.3.4', {
    schemaUrl: 'https://opentelemetry.io/schemas/1.30.0',
  });
  const parent = trace.setSpanContext(ROOT_CONTEXT, REMOTE_PARENT);

  const span = tracer.startSpan(
    'GET /cart',
    {
      kind: SpanKind.SERVER,
      startTime: [1_763_700_000, 123_456_789],
      attributes: {
        'http.route': '/cart',
        ok: true,
        retries: 2,
        negative: -7,
        big: 2 ** 60,
        ratio: 0.25,
        'not.a.number': NaN,
        tags: ['a', 'b'],
        sizes: [1, 2, 3],
        weights: [1.5, 2],
        holes: ['x', null, 'y'],
      },
      links: [
        { context: { ...REMOTE_PARENT, spanId: '1111111111111111' }, attributes: { why: 'retry-of' } },
        { context: { ...REMOTE_PARENT, spanId: '2222222222222222' } },
      ],
    },
    parent,
  );
  span.setAttribute('late', 'set after start');
  span.setAttribute('dropped.one', 1);
  span.setAttribute('dropped.two', 2);
  span.addEvent('cache.miss', { key: 'cart:1', size: 3 }, [1_763_700_000, 200_000_000]);
  span.recordException(new TypeError('no cart'), [1_763_700_000, 300_000_000]);
  span.addEvent('dropped by the limit');
  span.setStatus({ code: SpanStatusCode.ERROR, message: 'no cart' });
  span.end([1_763_700_001, 5]);

  const child = tracer.startSpan('child', { kind: SpanKind.CLIENT }, trace.setSpan(ROOT_CONTEXT, span));
  child.setStatus({ code: SpanStatusCode.OK });
  child.end();
  const unnamedKind = tracer.startSpan('plain');
  unnamedKind.end();
  return memory.getFinishedSpans().slice();
}
