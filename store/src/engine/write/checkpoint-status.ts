import type { LaptimeError } from '../../errors.js';

/** First wait before a failed checkpoint is tried again, in ms; it doubles per failure. */
export const CHECKPOINT_RETRY_MIN_MS = 500;
/** Longest wait between two attempts after failures, in ms. */
export const CHECKPOINT_RETRY_MAX_MS = 30_000;

/** A checkpoint failure as shown to operators. */
export interface CheckpointFailure {
  code: string;
  message: string;
  /** Unix ms of the attempt. */
  at: number;
}

/** How the store's checkpoints are going: `/metrics`, `/readyz` and `laptime check` show it. */
export interface CheckpointStatus {
  /** Checkpoints published since the store was opened. */
  checkpoints: number;
  /** Checkpoints that failed since the store was opened. */
  failures: number;
  /** Failures since the last success (0 when the last attempt succeeded). */
  consecutiveFailures: number;
  /** Unix ms of the last published checkpoint, or null when none since open. */
  lastSuccessAt: number | null;
  /** Duration of the last published checkpoint, in ms. */
  lastDurationMs: number;
  /** The last failure, kept until a checkpoint succeeds again. */
  lastError: CheckpointFailure | null;
  /** Unix ms before which an automatic retry is not started, or null when no retry is pending. */
  retryAt: number | null;
}

/** Counts checkpoint outcomes and paces retries with an exponential backoff. */
export class CheckpointTracker {
  private checkpoints = 0;
  private failures = 0;
  private consecutive = 0;
  private lastSuccessAt: number | null = null;
  private lastDurationMs = 0;
  private lastError: CheckpointFailure | null = null;
  private retryAt: number | null = null;

  succeeded(now: number, durationMs: number): void {
    this.checkpoints++;
    this.consecutive = 0;
    this.lastSuccessAt = now;
    this.lastDurationMs = durationMs;
    this.lastError = null;
    this.retryAt = null;
  }

  /** Records a failure; returns the delay in ms before the next automatic attempt. */
  failed(now: number, err: LaptimeError): number {
    this.failures++;
    this.consecutive++;
    this.lastError = { code: err.code, message: err.message, at: now };
    const delay = Math.min(CHECKPOINT_RETRY_MAX_MS, CHECKPOINT_RETRY_MIN_MS * 2 ** (this.consecutive - 1));
    this.retryAt = now + delay;
    return delay;
  }

  /** False while a failed checkpoint's backoff runs: automatic triggers wait for it. */
  mayStart(now: number): boolean {
    return this.retryAt === null || now >= this.retryAt;
  }

  status(): CheckpointStatus {
    return {
      checkpoints: this.checkpoints,
      failures: this.failures,
      consecutiveFailures: this.consecutive,
      lastSuccessAt: this.lastSuccessAt,
      lastDurationMs: this.lastDurationMs,
      lastError: this.lastError,
      retryAt: this.retryAt,
    };
  }
}
