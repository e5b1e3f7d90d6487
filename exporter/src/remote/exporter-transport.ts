/**
 * The outcome of sending one request: a success (with the response body), a failure that must
 * not be retried, or a retryable failure, possibly with the delay the server asked for.
 */
export type SendOutcome =
  | { status: 'success'; response: Uint8Array }
  | { status: 'failure'; error: Error }
  | { status: 'retryable'; error: Error; retryAfterMillis?: number };

/** Sends request bodies to the collector. Wrapped by the retrying transport. */
export interface ExporterTransport {
  /** Sends one body; never rejects. `timeoutMillis` bounds this attempt. */
  send(body: Uint8Array, timeoutMillis: number): Promise<SendOutcome>;
  /** Releases connections. */
  shutdown(): void;
}
