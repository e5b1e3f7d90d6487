import { diag } from '@opentelemetry/api';

/**
 * Counts what happened to spans and tells the app about trouble without flooding its log: one
 * warning when the collector becomes unreachable, one when spans start being dropped, one error
 * for refused spans, and one line when delivery resumes with the number of spans lost meanwhile.
 */
export class DeliveryReport {
  exported = 0;
  dropped = 0;
  rejected = 0;
  private unreachable = false;
  private droppedInEpisode = 0;
  private warnedDrops = false;
  private warnedRejects = false;

  constructor(
    private readonly url: string,
    private readonly maxQueueSpans: number,
  ) {}

  delivered(spans: number): void {
    this.exported += spans;
    if (!this.unreachable && this.droppedInEpisode === 0) return;
    const lost = this.droppedInEpisode;
    const message = `Laptime exporter: the collector at ${this.url} is reachable again, delivery resumed`;
    if (lost > 0) diag.warn(`${message}; ${lost} spans were dropped while it was unreachable`);
    else diag.info(message);
    this.unreachable = false;
    this.droppedInEpisode = 0;
    this.warnedDrops = false;
    this.warnedRejects = false;
  }

  unreachableNow(error: Error): void {
    if (this.unreachable) return;
    this.unreachable = true;
    diag.warn(
      `Laptime exporter: ${error.message}; spans wait (at most ${this.maxQueueSpans}) and are retried`,
    );
  }

  droppedSpans(spans: number): void {
    this.dropped += spans;
    this.droppedInEpisode += spans;
    if (this.warnedDrops) return;
    this.warnedDrops = true;
    diag.warn(
      `Laptime exporter: ${this.maxQueueSpans} spans are waiting for the collector at ${this.url} ` +
        '(maxQueueSpans); dropping the oldest. The count is reported when delivery resumes.',
    );
  }

  rejectedSpans(spans: number, reason: string): void {
    this.rejected += spans;
    if (this.warnedRejects) return;
    this.warnedRejects = true;
    diag.error(`Laptime exporter: ${spans} spans refused: ${reason}`);
  }

  lostAtShutdown(spans: number): void {
    if (spans === 0) return;
    this.dropped += spans;
    diag.warn(
      `Laptime exporter: shut down with ${spans} spans not delivered to ${this.url}` +
        (this.droppedInEpisode > 0 ? ` (and ${this.droppedInEpisode} dropped before)` : ''),
    );
  }
}
