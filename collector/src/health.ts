/** Whether the collector can take spans: its store is open, not closing, and not failing. */
import type { LaptimeError } from '@laptime/store';
import { ErrorCode } from '@laptime/store';

/** Store errors after which appends keep failing until an operator steps in. */
const FATAL_CODES = new Set<string>([ErrorCode.Io, ErrorCode.Corrupt, ErrorCode.Closed]);

export class Health {
  private closing = false;
  private failure: string | null = null;

  /** From now on the collector refuses new work (shutdown has begun). */
  markClosing(): void {
    this.closing = true;
  }

  /** Records the outcome of an append: a fatal store error makes the collector unready. */
  noteAppend(err: LaptimeError | null): void {
    if (err === null) this.failure = null;
    else if (FATAL_CODES.has(err.code)) this.failure = `${err.code}: ${err.message}`;
  }

  /** Null when ready, else why not. */
  notReadyReason(): string | null {
    if (this.closing) return 'the collector is shutting down';
    return this.failure === null ? null : `the store failed: ${this.failure}`;
  }
}
