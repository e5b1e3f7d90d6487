import type { ExporterTransport, SendOutcome } from './exporter-transport.js';

/** First wait before a retry. */
export const INITIAL_BACKOFF_MILLIS = 1000;
/** Growth of the wait after each retry. */
export const BACKOFF_MULTIPLIER = 1.5;
/** Longest wait between two attempts (unless the server's Retry-After asks for more). */
export const MAX_BACKOFF_MILLIS = 5000;
/** Each wait is randomized by up to this fraction either way, so many apps do not retry in step. */
export const JITTER = 0.2;

/** Time as the retry loop sees it; injectable so tests need not sleep. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) =>
    new Promise((resolve) => {
      // An app with nothing else to do may exit while the exporter waits to retry.
      setTimeout(resolve, ms).unref();
    }),
};

/**
 * Retries retryable outcomes with exponential backoff and jitter, or after the server's
 * Retry-After, until `timeoutMillis` (the deadline of the whole send, retries included) would
 * be passed: then it returns the last retryable outcome instead of waiting beyond it.
 */
export class RetryingTransport implements ExporterTransport {
  private stopped = false;

  constructor(
    private readonly inner: ExporterTransport,
    private readonly clock: Clock = realClock,
    private readonly random: () => number = Math.random,
  ) {}

  async send(body: Uint8Array, timeoutMillis: number): Promise<SendOutcome> {
    const deadline = this.clock.now() + timeoutMillis;
    let backoff = INITIAL_BACKOFF_MILLIS;
    let outcome = await this.inner.send(body, timeoutMillis);
    while (outcome.status === 'retryable') {
      const wait = outcome.retryAfterMillis ?? this.jittered(backoff);
      backoff = Math.min(backoff * BACKOFF_MULTIPLIER, MAX_BACKOFF_MILLIS);
      if (this.clock.now() + wait >= deadline) return outcome;
      await this.clock.sleep(wait);
      const remaining = deadline - this.clock.now();
      if (remaining <= 0 || this.stopped) return outcome;
      outcome = await this.inner.send(body, remaining);
    }
    return outcome;
  }

  /** Stops retrying (a send in progress returns after its current wait) and shuts the inner transport. */
  shutdown(): void {
    this.stopped = true;
    this.inner.shutdown();
  }

  private jittered(ms: number): number {
    return Math.min(ms * (1 + (this.random() * 2 - 1) * JITTER), MAX_BACKOFF_MILLIS);
  }
}
