import { diag } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { ClosedError, ProtoWriter, RowBatchBuilder, Store, appendRow } from '@laptime/store';
import type { ExporterStats } from '../exporter-stats.js';
import type { EmbeddedOptions } from '../options/exporter-options.js';
import type { SpanSink } from '../span-sink.js';
import { SpanToRow } from './span-to-row.js';

/** Initial size of the scratch buffer a row's resource and scope are encoded into. */
const CONTEXT_SCRATCH_BYTES = 4096;
/** Longest span name quoted in a log line (a name can be what made the span invalid). */
const MAX_QUOTED_NAME = 100;

/**
 * Embedded mode: the store lives in the app's process. It is opened at construction (exports
 * wait for it); each export appends its spans as one batch and reports success once they are
 * durable. A store that cannot be opened (another process holds the directory) fails every
 * export and {@link ready} with the store's error, which names the directory and the holder.
 */
export class EmbeddedSink implements SpanSink {
  private readonly opening: Promise<Store>;
  private readonly toRow = new SpanToRow();
  private readonly builder = new RowBatchBuilder();
  private readonly scratch = new ProtoWriter(CONTEXT_SCRATCH_BYTES);
  private readonly appends = new Set<Promise<unknown>>();
  private closing: Promise<void> | null = null;
  private queued = 0;
  private exported = 0;
  private rejected = 0;
  private warnedInvalid = false;

  constructor(private readonly options: EmbeddedOptions) {
    this.opening = Store.open(options.dataDir, options.store);
    // Reported through ready() and every export; not an unhandled rejection meanwhile.
    this.opening.catch(() => undefined);
  }

  /** Resolves once the store is open; rejects with the reason it cannot be. */
  async ready(): Promise<void> {
    await this.opening;
  }

  accept(spans: ReadableSpan[]): Promise<void> {
    if (this.closing) return Promise.reject(new ClosedError('the Laptime exporter is shut down'));
    this.queued += spans.length;
    const append = this.append(spans).finally(() => {
      this.queued -= spans.length;
      this.appends.delete(append);
    });
    this.appends.add(append);
    return append;
  }

  async forceFlush(): Promise<void> {
    if (this.appends.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.options.timeoutMillis);
    });
    await Promise.race([Promise.allSettled([...this.appends]), timeout]);
    clearTimeout(timer);
  }

  shutdown(): Promise<void> {
    this.closing ??= this.close();
    return this.closing;
  }

  stats(): ExporterStats {
    return {
      queuedSpans: this.queued,
      exportedSpans: this.exported,
      droppedSpans: 0,
      rejectedSpans: this.rejected,
    };
  }

  private async append(spans: ReadableSpan[]): Promise<void> {
    const store = await this.opening;
    // A span dated too far ahead is refused alone, as the collector does, not with its batch.
    this.builder.futureLimit = store.futureLimit();
    for (const span of spans) {
      try {
        appendRow(this.builder, this.toRow.convert(span), this.scratch);
      } catch (err) {
        // The collector refuses such a span alone (partial success); so does embedded mode.
        this.refused(span, err);
      }
    }
    const batch = this.builder.finish();
    if (batch.length === 0) return;
    // appendRow applied the store's own checks to every row.
    await store.append(batch, { validated: true });
    this.exported += batch.length;
  }

  private refused(span: ReadableSpan, err: unknown): void {
    this.rejected++;
    if (this.warnedInvalid) return;
    this.warnedInvalid = true;
    const name = span.name.length > MAX_QUOTED_NAME ? `${span.name.slice(0, MAX_QUOTED_NAME)}...` : span.name;
    diag.error(`Laptime exporter: span "${name}" cannot be stored: ${(err as Error).message}`);
  }

  private async close(): Promise<void> {
    await this.forceFlush();
    let store: Store;
    try {
      store = await this.opening;
    } catch {
      return; // never opened: nothing to close
    }
    await store.close();
  }
}
