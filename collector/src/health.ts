/** Whether the collector can take spans: its store is open, not closing, and not being reopened. */
export class Health {
  private closing = false;

  /**
   * `storeUnavailable` says why the store cannot take spans now (it failed and is being reopened
   * from disk), or null while it can.
   */
  constructor(private readonly storeUnavailable: () => string | null = () => null) {}

  /** From now on the collector refuses new work (shutdown has begun). */
  markClosing(): void {
    this.closing = true;
  }

  /** Null when ready, else why not. */
  notReadyReason(): string | null {
    if (this.closing) return 'the collector is shutting down';
    return this.storeUnavailable();
  }
}
