/**
 * The engine of the realistic workload: a seeded stream of span plans (ids, parent, times, name,
 * status) and their attributes and event, written to a sink so that the same stream can become
 * `Row` objects or go straight into a `RowBatchBuilder`.
 */
import { buildCatalogue, Category, type Catalogue, type NameEntry } from './catalogue.js';
import { Prng } from './prng.js';

/** Spans of one trace at most; a trace ends sooner when its drawn size is reached. */
const MAX_TRACE_SPANS = 32;
/** Mean number of spans per trace (geometric). */
const MEAN_TRACE_SPANS = 8;
/** Mean time between the starts of two traces, in nanoseconds. */
const MEAN_TRACE_GAP_NS = 2e6;
/** Share of durations drawn from the heavy tail, and the tail's Pareto shape and cap. */
const TAIL_PROBABILITY = 0.02;
const TAIL_ALPHA = 1.2;
const TAIL_MAX_FACTOR = 1000;
/** Share of spans with a trace state, and with a link to an earlier trace. */
const TRACE_STATE_PROBABILITY = 0.05;
const LINK_PROBABILITY = 0.01;
/** Distinct peer addresses, user ids and trace states drawn from. */
const PEER_POOL = 64;
const USER_POOL = 2048;
const TRACE_STATE_POOL = 16;
/** W3C sampled flag plus OTLP's "has is_remote" bit. */
const SPAN_FLAGS = 0x101;

const ERROR_MESSAGES = [
  'connection refused',
  'timeout after 30000 ms',
  'deadlock detected',
  'upstream returned 503',
  'invalid token',
];
const FEATURE_FLAGS = ['new-checkout', 'fast-search', 'dark-mode', 'beta-pricing', 'async-stock'];
const EVENT_NAMES = ['cache.miss', 'retry', 'message', 'log'];
const OK_STATUSES = [200, 200, 201, 204];
const ERROR_STATUSES = [500, 502, 503];
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-south-1'];
const SEVERITIES = ['debug', 'info', 'warn'];

/** Receives attributes one by one, with their OTLP types. */
export interface AttributeSink {
  string(key: string, v: string): void;
  /** A non-negative safe integer, stored as an OTLP int64. */
  int(key: string, v: number): void;
  double(key: string, v: number): void;
  bool(key: string, v: boolean): void;
  /** `v` is reused by the caller: copy it to keep it. */
  strings(key: string, v: readonly string[]): void;
}

/** Options of the realistic workload. */
export interface RealisticOptions {
  /** Same seed, same spans. */
  seed: number;
  /** Number of services (default 5). */
  services?: number;
  /** Number of distinct span names (default 200). */
  names?: number;
  /** Start time of the first trace, Unix nanoseconds (default 2023-11-14T22:13:20Z). */
  startNs?: bigint;
  /** Share of spans with status ERROR (default 0.01). */
  errorRate?: number;
}

export const DEFAULT_START_NS = 1_700_000_000_000_000_000n;

/** The span being generated; overwritten by every {@link SpanSource.next}. */
export interface SpanPlan {
  readonly traceId: Uint8Array;
  readonly spanId: Uint8Array;
  /** Valid when {@link hasParent}. */
  readonly parentSpanId: Uint8Array;
  hasParent: boolean;
  /** Nanoseconds since the workload's start. */
  startOffset: number;
  durationNs: number;
  entry: NameEntry;
  traceState: string;
  flags: number;
  statusCode: number;
  statusMessage: string;
  /** The event's time, in nanoseconds since the workload's start. */
  eventOffset: number;
  eventName: string;
  /** Valid when {@link hasLink}. */
  readonly linkTraceId: Uint8Array;
  readonly linkSpanId: Uint8Array;
  hasLink: boolean;
}

export class SpanSource {
  readonly catalogue: Catalogue;
  readonly plan: SpanPlan;
  private readonly prng: Prng;
  private readonly errorRate: number;
  // The current trace: its spans' ids, starts and durations.
  private readonly traceSpanIds = new Uint8Array(MAX_TRACE_SPANS * 8);
  private readonly traceStarts = new Float64Array(MAX_TRACE_SPANS);
  private readonly traceDurations = new Float64Array(MAX_TRACE_SPANS);
  private traceSize = 0;
  private traceTarget = 0;
  private clock = 0;
  private readonly previousRoot = new Uint8Array(24);
  private hasPreviousRoot = false;
  private readonly featureFlags = ['', ''];
  // Pools of drawn strings, so that a span costs no string building.
  private readonly peerAddresses: string[] = [];
  private readonly userIds: string[] = [];
  private readonly traceStates: string[] = [];

  constructor(opts: RealisticOptions) {
    this.prng = new Prng(opts.seed);
    this.errorRate = opts.errorRate ?? 0.01;
    this.catalogue = buildCatalogue(
      this.prng,
      Math.max(1, opts.services ?? 5),
      Math.max(1, opts.names ?? 200),
    );
    const prng = this.prng;
    for (let k = 0; k < PEER_POOL; k++) this.peerAddresses.push(`10.0.${prng.int(256)}.${prng.int(256)}`);
    for (let k = 0; k < USER_POOL; k++) this.userIds.push(`user-${prng.int(1_000_000)}`);
    for (let k = 0; k < TRACE_STATE_POOL; k++) this.traceStates.push(`vendor=${prng.uint32().toString(16)}`);
    this.plan = {
      traceId: new Uint8Array(16),
      spanId: new Uint8Array(8),
      parentSpanId: new Uint8Array(8),
      hasParent: false,
      startOffset: 0,
      durationNs: 0,
      entry: this.catalogue.names[0]!,
      traceState: '',
      flags: SPAN_FLAGS,
      statusCode: 0,
      statusMessage: '',
      eventOffset: 0,
      eventName: '',
      linkTraceId: new Uint8Array(16),
      linkSpanId: new Uint8Array(8),
      hasLink: false,
    };
  }

  /** Plans the next span. */
  next(): SpanPlan {
    const prng = this.prng;
    const p = this.plan;
    if (this.traceSize >= this.traceTarget) this.startTrace();
    const slot = this.traceSize++;
    if (slot === 0) {
      p.hasParent = false;
      p.entry = prng.pick(this.catalogue.roots);
      p.startOffset = this.clock;
    } else {
      const parent = prng.int(slot);
      p.hasParent = true;
      p.parentSpanId.set(this.traceSpanIds.subarray(parent * 8, parent * 8 + 8));
      p.entry = prng.pick(this.catalogue.names);
      p.startOffset =
        this.traceStarts[parent]! + Math.floor(prng.next() * 0.8 * this.traceDurations[parent]!);
    }
    prng.fillId(p.spanId, 0, 8);
    p.durationNs = this.duration(p.entry);
    this.traceSpanIds.set(p.spanId, slot * 8);
    this.traceStarts[slot] = p.startOffset;
    this.traceDurations[slot] = p.durationNs;

    p.traceState = prng.chance(TRACE_STATE_PROBABILITY) ? prng.pick(this.traceStates) : '';
    const failed = prng.chance(this.errorRate);
    p.statusCode = failed ? 2 : 0;
    p.statusMessage = failed ? prng.pick(ERROR_MESSAGES) : '';
    p.eventOffset = p.startOffset + Math.floor(prng.next() * p.durationNs);
    p.eventName = failed ? 'exception' : prng.pick(EVENT_NAMES);
    p.hasLink = this.hasPreviousRoot && prng.chance(LINK_PROBABILITY);
    if (p.hasLink) {
      p.linkTraceId.set(this.previousRoot.subarray(0, 16));
      p.linkSpanId.set(this.previousRoot.subarray(16, 24));
    }
    return p;
  }

  /** The current span's attributes (about ten, by category). */
  attributes(sink: AttributeSink): void {
    const prng = this.prng;
    const p = this.plan;
    const e = p.entry;
    switch (e.category) {
      case Category.HttpServer:
      case Category.HttpClient:
        sink.string('http.method', e.verb);
        sink.string(e.category === Category.HttpServer ? 'http.route' : 'server.address', e.target);
        sink.int('http.status_code', p.statusCode === 2 ? prng.pick(ERROR_STATUSES) : prng.pick(OK_STATUSES));
        sink.string('net.peer.name', prng.pick(this.peerAddresses));
        sink.int('net.peer.port', 443);
        sink.int('http.response_content_length', prng.int(65536));
        break;
      case Category.Db:
        sink.string('db.system', 'postgresql');
        sink.string('db.name', 'shop');
        sink.string('db.operation', e.verb);
        sink.string('db.statement', e.statement);
        sink.string('net.peer.name', 'db.internal');
        sink.int('db.rows_affected', prng.int(100));
        break;
      default:
        sink.string('code.function', e.target);
        sink.string('code.namespace', 'app.service');
        sink.int('code.lineno', 1 + prng.int(2000));
        sink.int('app.batch_size', prng.int(512));
        sink.bool('app.retry', prng.chance(0.05));
        sink.string('app.region', prng.pick(REGIONS));
        break;
    }
    sink.string('enduser.id', prng.pick(this.userIds));
    sink.double('app.load', Math.round(prng.next() * 1e4) / 1e4);
    sink.bool('app.cache_hit', prng.chance(0.7));
    this.featureFlags[0] = prng.pick(FEATURE_FLAGS);
    this.featureFlags[1] = prng.pick(FEATURE_FLAGS);
    sink.strings('app.feature_flags', this.featureFlags);
  }

  /** The current span's event attributes. */
  eventAttributes(sink: AttributeSink): void {
    const p = this.plan;
    if (p.statusCode === 2) {
      sink.string('exception.type', 'Error');
      sink.string('exception.message', p.statusMessage);
    } else {
      sink.int('message.id', this.prng.int(1_000_000));
      sink.string('log.severity', this.prng.pick(SEVERITIES));
    }
  }

  private startTrace(): void {
    const prng = this.prng;
    if (this.traceSize > 0) {
      this.previousRoot.set(this.plan.traceId, 0);
      this.previousRoot.set(this.traceSpanIds.subarray(0, 8), 16);
      this.hasPreviousRoot = true;
    }
    this.clock += Math.floor(prng.exponential(MEAN_TRACE_GAP_NS));
    prng.fillId(this.plan.traceId, 0, 16);
    this.traceSize = 0;
    this.traceTarget = Math.min(MAX_TRACE_SPANS, 1 + Math.floor(prng.exponential(MEAN_TRACE_SPANS - 1)));
  }

  /** A log-normal duration with, now and then, a Pareto-distributed multiplier (the heavy tail). */
  private duration(e: NameEntry): number {
    const prng = this.prng;
    let d = Math.exp(e.mu + e.sigma * prng.normal());
    if (prng.chance(TAIL_PROBABILITY))
      d *= Math.min(TAIL_MAX_FACTOR, Math.pow(1 - prng.next(), -1 / TAIL_ALPHA));
    return Math.max(1, Math.round(d));
  }
}
