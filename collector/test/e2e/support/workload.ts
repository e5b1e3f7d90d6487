/**
 * The spans the stock-exporter tests send: a checkout flow across two services (parent/child,
 * a remote parent with a trace state, links, events, errors, attributes of every type the
 * OpenTelemetry API can express) and standalone pricing spans for percentiles and paging. Every
 * time is explicit, so durations and windows are known exactly.
 */
import {
  createTraceState,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type HrTime,
  type Span,
  type Tracer,
} from '@opentelemetry/api';

/** Checkout traces; each holds 3 checkout spans and 2 inventory spans. */
export const CART_TRACES = 12;
/** Cart trace i starts at `base + i * TRACE_GAP_MS`; each trace ends within 200 ms. */
export const TRACE_GAP_MS = 1000;
/** Standalone `pricing.compute` spans, durations a permutation of 1..PRICING_SPANS ms. */
export const PRICING_SPANS = 150;
/** Pricing span j starts at `base + PRICING_OFFSET_MS + j * PRICING_GAP_MS`. */
export const PRICING_OFFSET_MS = 20_000;
export const PRICING_GAP_MS = 250;
/** Every span of the workload ends by this many ms after the start of its slot. */
export const SLOT_BUSY_MS = 200;
/** Spans in all: 5 per cart trace plus the pricing spans. */
export const WORKLOAD_SPANS = CART_TRACES * 5 + PRICING_SPANS;

/** A step to 37 (coprime to 150) makes the pricing durations a permutation, not sorted by time. */
const PRICING_STEP = 37;
const NS_PER_MS = 1_000_000n;
const NS_PER_S = 1_000_000_000n;

/** Attribute values of every type the API can express, including integers beyond 2^53. */
export const ALL_TYPES: Attributes = {
  'http.route': '/cart',
  'text.empty': '',
  'text.unicode': 'é 🐱',
  'cart.items': 3,
  'int.negative': -7,
  'int.max_safe': Number.MAX_SAFE_INTEGER,
  'int.beyond_2_53': 2 ** 53 + 2,
  'int.negative_beyond_2_53': -(2 ** 60),
  'cart.total': 42.5,
  'double.negative': -0.125,
  'user.premium': true,
  'cart.empty': false,
  tags: ['a', 'b', ''],
  bools: [true, false],
  ints: [1, -2, 2 ** 62],
  doubles: [0.5, 1.25],
};

/** A point in time: whole ms after `baseMs`, plus `extraNs` so nanosecond digits matter. */
function at(baseMs: number, offsetMs: number, extraNs: number): HrTime {
  const ns = BigInt(baseMs + offsetMs) * NS_PER_MS + BigInt(extraNs);
  return [Number(ns / NS_PER_S), Number(ns % NS_PER_S)];
}

interface Tracers {
  checkout: Tracer;
  inventory: Tracer;
}

/** Emits (starts and ends) every span of the workload; `baseMs` is whole seconds in the past. */
export function emitWorkload(tracers: Tracers, baseMs: number): void {
  for (let i = 0; i < CART_TRACES; i++) emitCartTrace(tracers, baseMs + i * TRACE_GAP_MS, i);
  for (let j = 0; j < PRICING_SPANS; j++) {
    const t = (ms: number): HrTime => at(baseMs + PRICING_OFFSET_MS + j * PRICING_GAP_MS, ms, j * 1009);
    const span = tracers.checkout.startSpan('pricing.compute', {
      kind: SpanKind.INTERNAL,
      startTime: t(0),
      attributes: { 'pricing.rule': j % 2 === 0 ? 'base' : 'promo' },
    });
    span.end(t(((j * PRICING_STEP) % PRICING_SPANS) + 1));
  }
}

function emitCartTrace({ checkout, inventory }: Tracers, startMs: number, i: number): void {
  // Sub-millisecond offsets stay below 1 ms, so they never reorder spans started 1 ms apart.
  const t = (ms: number, slot: number): HrTime => at(startMs, ms, (i * 7919 + slot * 131) % 999_983);
  const root = checkout.startSpan('GET /cart', {
    kind: SpanKind.SERVER,
    startTime: t(0, 0),
    attributes: ALL_TYPES,
  });
  root.addEvent('cache.miss', { 'cache.key': `cart:${i}`, 'cache.size': 12 }, t(1, 0));
  const inRoot = trace.setSpan(ROOT_CONTEXT, root);

  const query = checkout.startSpan('db.query', { kind: SpanKind.CLIENT, startTime: t(2, 1) }, inRoot);
  query.setAttribute('db.statement', 'SELECT * FROM cart WHERE id = ?');
  query.end(t(2 + 3 + (i % 3), 1));

  const call = checkout.startSpan('GET inventory', { kind: SpanKind.CLIENT, startTime: t(8, 2) }, inRoot);
  emitInventorySide(inventory, call, query, i, t);
  call.end(t(22, 2));

  if (i % 4 === 3) {
    root.recordException(new Error('payment declined'), t(25, 0));
    root.setStatus({ code: SpanStatusCode.ERROR, message: 'payment declined' });
  } else if (i % 4 === 0) {
    root.setStatus({ code: SpanStatusCode.OK });
  }
  root.end(t(30 + 7 * i, 0));
}

/** The inventory service's part: a server span whose parent arrived over the wire. */
function emitInventorySide(
  inventory: Tracer,
  call: Span,
  query: Span,
  i: number,
  t: (ms: number, slot: number) => HrTime,
): void {
  const propagated = trace.setSpanContext(ROOT_CONTEXT, {
    ...call.spanContext(),
    isRemote: true,
    traceState: createTraceState('laptime=e2e,vendor=x'),
  });
  const server = inventory.startSpan(
    'GET /items/:id',
    {
      kind: SpanKind.SERVER,
      startTime: t(9, 3),
      attributes: { 'http.route': '/items/:id', 'item.id': i },
      links: [{ context: query.spanContext(), attributes: { 'link.reason': 'same cart' } }],
    },
    propagated,
  );
  const lookup = inventory.startSpan(
    'db.query',
    { kind: SpanKind.CLIENT, startTime: t(10, 4) },
    trace.setSpan(ROOT_CONTEXT, server),
  );
  lookup.end(t(12, 4));
  if (i % 6 === 5) server.setStatus({ code: SpanStatusCode.ERROR, message: 'out of stock' });
  server.end(t(21, 3));
}
