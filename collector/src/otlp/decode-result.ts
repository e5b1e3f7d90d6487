/** What one request contributed to a row batch. */
export interface DecodeResult {
  /** Spans committed to the builder. */
  accepted: number;
  /** Spans dropped one by one (bad ids, end before start, invalid nested data, ...). */
  rejected: number;
  /**
   * The first {@link MAX_REPORTED_ERRORS} rejection reasons, in request order, each cut to
   * {@link MAX_REASON_LENGTH}.
   */
  errors: string[];
}

/**
 * Rejection reasons kept per request: enough to tell a sender what is wrong, bounded so that a
 * request of a million bad spans cannot grow the response.
 */
export const MAX_REPORTED_ERRORS = 5;

/** Longest reason kept, in UTF-16 units: reasons may quote keys and values of the request. */
export const MAX_REASON_LENGTH = 200;

/** Counts accepted and rejected spans while a request is decoded. */
export class DecodeTally {
  accepted = 0;
  rejected = 0;
  readonly errors: string[] = [];

  /** Counts span number `span` (0-based, in request order) as rejected, keeping the first reasons. */
  reject(span: number, reason: string): void {
    this.rejected++;
    if (this.errors.length >= MAX_REPORTED_ERRORS) return;
    const cut = reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH)}...` : reason;
    this.errors.push(`span ${span}: ${cut}`);
  }

  /** Index, in request order, of the next span to be counted. */
  get seen(): number {
    return this.accepted + this.rejected;
  }

  result(): DecodeResult {
    return { accepted: this.accepted, rejected: this.rejected, errors: this.errors };
  }
}
