/**
 * Keeps the collector's store usable: after a fatal storage error (a failed WAL fsync, rows that
 * could not be applied) it closes the store and reopens it from the disk, the same recovery as a
 * restart, with backoff until the disk works again. Each attempt is logged.
 */
import type { Store } from '@laptime/store';

/** First wait before reopening a failed store, in ms; it doubles per failed attempt. */
export const REOPEN_MIN_MS = 100;
/** Longest wait between two reopen attempts, in ms. */
export const REOPEN_MAX_MS = 10_000;

export class StoreSupervisor {
  private current: Store;
  private recovery: Promise<void> | null = null;
  private reason: string | null = null;
  private closing = false;
  private wake: (() => void) | null = null;
  private reopened = 0;

  constructor(
    store: Store,
    private readonly reopen: () => Promise<Store>,
    private readonly log: (line: string) => void,
  ) {
    this.current = store;
  }

  /** The store to use now (a new one after a recovery). */
  get store(): Store {
    return this.current;
  }

  /** Null while the store works, else why it does not and what is being done. */
  get unavailable(): string | null {
    return this.reason;
  }

  /** Times the store was reopened after a fatal storage error since start. */
  get recoveries(): number {
    return this.reopened;
  }

  /** Called after an append failed: starts recovery when the store cannot go on by itself. */
  noteFailure(): void {
    const failure = this.current.failure;
    if (failure === null || this.recovery !== null || this.closing) return;
    this.reason = `the store failed (${failure.code}: ${failure.message}); reopening it from disk`;
    this.log(`laptime: ${this.reason}`);
    this.recovery = this.recover().finally(() => {
      this.recovery = null;
    });
  }

  private async recover(): Promise<void> {
    try {
      await this.current.close();
    } catch (err) {
      // The failed store is closed even so (its lock released); recovery reads the disk.
      this.log(`laptime: closing the failed store: ${messageOf(err)}`);
    }
    let delay = REOPEN_MIN_MS;
    for (let attempt = 1; !this.closing; attempt++) {
      try {
        this.current = await this.reopen();
        this.reopened++;
        this.reason = null;
        this.log(`laptime: store reopened (attempt ${attempt}); taking spans again`);
        return;
      } catch (err) {
        this.reason = `the store failed and cannot be reopened yet (attempt ${attempt}: ${messageOf(err)})`;
        this.log(
          `laptime: reopening the store failed (attempt ${attempt}): ${messageOf(err)}; next in ${delay} ms`,
        );
      }
      await this.sleep(delay);
      delay = Math.min(REOPEN_MAX_MS, delay * 2);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }

  /** Stops any recovery, then closes the store with a final checkpoint. */
  async close(): Promise<void> {
    this.closing = true;
    this.wake?.();
    await this.recovery;
    await this.current.close();
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
