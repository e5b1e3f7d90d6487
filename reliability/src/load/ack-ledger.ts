/** Which generated spans the collector acknowledged (200), and which it was sent but did not. */
export class AckLedger {
  /** Span ids answered 200: each must be stored exactly once. */
  readonly acked = new Set<string>();
  /** Span ids sent without a 200 (refused, cut off by a crash): each stored at most once. */
  readonly unacked = new Set<string>();

  /** Records the final outcome of one request holding `ids`. */
  record(ids: readonly string[], ok: boolean): void {
    for (const id of ids) (ok ? this.acked : this.unacked).add(id);
  }

  /** Every id sent, acknowledged or not. */
  sent(): number {
    return this.acked.size + this.unacked.size;
  }
}
