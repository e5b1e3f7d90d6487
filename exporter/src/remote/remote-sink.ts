import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { ClosedError } from '@laptime/store';
import type { ExporterStats } from '../exporter-stats.js';
import type { RemoteOptions } from '../options/exporter-options.js';
import type { SpanSink } from '../span-sink.js';
import { DeliveryReport } from './delivery-report.js';
import type { ExporterTransport } from './exporter-transport.js';
import { HttpTransport } from './http-transport.js';
import { MAX_BACKOFF_MILLIS, RetryingTransport } from './retrying-transport.js';
import { SpanRing } from './span-ring.js';

/** Spans per request at most: enough to amortize a request, far below the collector's body limit. */
export const MAX_SPANS_PER_REQUEST = 2048;
/** Pause between delivery rounds while the collector is unreachable (unless Retry-After asks more). */
export const OUTAGE_RETRY_MILLIS = MAX_BACKOFF_MILLIS;

const gzipAsync = promisify(gzip);

/**
 * Remote mode: spans wait in a bounded ring (oldest dropped first when it is full) and one
 * sender posts them to the collector, a request at a time, retrying while it is unreachable.
 * `accept` returns at once, so a slow or absent collector never slows the app.
 */
export class RemoteSink implements SpanSink {
  private readonly ring: SpanRing;
  /** The spans of the request being sent (they count towards maxQueueSpans). */
  private readonly batch: ReadableSpan[] = [];
  private readonly batchLimit: number;
  private readonly report: DeliveryReport;
  private body: Uint8Array = new Uint8Array(0);
  private sending: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private closing: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly options: RemoteOptions,
    private readonly transport: ExporterTransport = new RetryingTransport(
      new HttpTransport({ url: options.url, headers: options.headers, gzip: options.compression === 'gzip' }),
    ),
  ) {
    this.ring = new SpanRing(options.maxQueueSpans);
    // Half the bound at most in flight, so the ring always has room to keep the newest spans.
    this.batchLimit = Math.max(1, Math.min(MAX_SPANS_PER_REQUEST, Math.floor(options.maxQueueSpans / 2)));
    this.report = new DeliveryReport(options.url, options.maxQueueSpans);
  }

  accept(spans: ReadableSpan[]): Promise<void> {
    if (this.closing) return Promise.reject(new ClosedError('the Laptime exporter is shut down'));
    const max = this.options.maxQueueSpans;
    for (const span of spans) {
      if (this.ring.length + this.batch.length >= max) {
        this.report.droppedSpans(1);
        // Everything waiting is in flight: the new span is the one to go.
        if (this.ring.length === 0) continue;
        this.ring.dropOldest();
      }
      this.ring.push(span);
    }
    this.sending ??= this.drain();
    return Promise.resolve();
  }

  async forceFlush(): Promise<void> {
    const sending = this.sending;
    if (sending === null) return;
    this.wake?.();
    let timer: NodeJS.Timeout | undefined;
    // This timer is not unref'd: a flush at exit keeps the process alive until done or timed out.
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.options.timeoutMillis);
    });
    await Promise.race([sending, timeout]);
    clearTimeout(timer);
  }

  shutdown(): Promise<void> {
    this.closing ??= this.close();
    return this.closing;
  }

  stats(): ExporterStats {
    return {
      queuedSpans: this.ring.length + this.batch.length,
      exportedSpans: this.report.exported,
      droppedSpans: this.report.dropped,
      rejectedSpans: this.report.rejected,
    };
  }

  private async close(): Promise<void> {
    await this.forceFlush();
    this.closed = true;
    this.wake?.();
    const left = this.ring.clear() + this.batch.length;
    this.batch.length = 0;
    this.report.lostAtShutdown(left);
    this.transport.shutdown();
  }

  /** The sender: runs while spans wait, one request at a time. */
  private async drain(): Promise<void> {
    // Encoding starts after the current task: a BatchSpanProcessor exports from inside the
    // span.end() that filled its batch, and that call is the app's.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      while (!this.closed) {
        if (this.batch.length === 0) {
          if (this.ring.length === 0) return;
          this.ring.takeInto(this.batch, this.batchLimit);
          if (!(await this.encodeBatch())) continue;
        }
        const outcome = await this.transport.send(this.body, this.options.timeoutMillis);
        if (this.closed) return;
        if (outcome.status === 'retryable') {
          this.report.unreachableNow(outcome.error);
          await this.pause(Math.max(OUTAGE_RETRY_MILLIS, outcome.retryAfterMillis ?? 0));
          continue;
        }
        if (outcome.status === 'success') this.delivered(outcome.response);
        else this.report.rejectedSpans(this.batch.length, outcome.error.message);
        this.batch.length = 0;
      }
    } finally {
      this.sending = null;
    }
  }

  /** Serializes (and compresses) the batch; false when it cannot be, the spans then being refused. */
  private async encodeBatch(): Promise<boolean> {
    try {
      const body = ProtobufTraceSerializer.serializeRequest(this.batch);
      if (body === undefined) throw new Error('the OTLP serializer returned nothing');
      this.body = this.options.compression === 'gzip' ? await gzipAsync(body) : body;
      return true;
    } catch (err) {
      this.report.rejectedSpans(this.batch.length, `cannot encode them: ${(err as Error).message}`);
      this.batch.length = 0;
      return false;
    }
  }

  private delivered(response: Uint8Array): void {
    let rejected = 0;
    let reason = '';
    if (response.length > 0) {
      try {
        const partial = ProtobufTraceSerializer.deserializeResponse(response).partialSuccess;
        rejected = Math.min(Number(partial?.rejectedSpans ?? 0), this.batch.length);
        reason = partial?.errorMessage ?? '';
      } catch {
        // A 2xx with a body we cannot read still acknowledged the spans.
      }
    }
    if (rejected > 0) this.report.rejectedSpans(rejected, `partial success: ${reason}`);
    this.report.delivered(this.batch.length - rejected);
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      // Unref'd: an app that is done may exit while the collector is down.
      const timer = setTimeout(done, ms).unref();
      this.wake = done;
    });
  }
}
