/**
 * Admission control of ingest: a bound on the requests and on the body bytes in flight, from the
 * first byte read until the store acknowledged (or refused) the spans. A request that finds the
 * queue full is refused before its body is read, so overload costs almost nothing.
 */

/** The bounds of the queue. */
export interface IngestQueueLimits {
  /** Body bytes (decompressed) held by admitted requests, at most. */
  maxBytes: number;
  /** Admitted requests at most. */
  maxRequests: number;
}

/** One admitted request's hold on the queue; release it exactly once. */
export interface IngestTicket {
  /** Counts `n` more body bytes held by this request. */
  hold(n: number): void;
  /** Gives the request's bytes and slot back. Later calls do nothing. */
  release(): void;
}

/** The queue's occupancy, for /metrics. */
export interface IngestQueueDepth {
  bytes: number;
  requests: number;
}

export class IngestQueue {
  private bytes = 0;
  private requests = 0;

  constructor(private readonly limits: IngestQueueLimits) {}

  /**
   * Admits a request announcing `expectedBytes` (its Content-Length, 0 when unknown), or returns
   * null when the queue is full. The first request is always admitted, so a body larger than the
   * byte bound is refused by the body limit, not starved here.
   */
  tryAdmit(expectedBytes: number): IngestTicket | null {
    const busy = this.requests > 0;
    if (this.requests >= this.limits.maxRequests) return null;
    if (busy && this.bytes + expectedBytes > this.limits.maxBytes) return null;
    this.requests++;
    let held = 0;
    let released = false;
    return {
      hold: (n: number) => {
        if (released) return;
        held += n;
        this.bytes += n;
      },
      release: () => {
        if (released) return;
        released = true;
        this.bytes -= held;
        this.requests--;
      },
    };
  }

  depth(): IngestQueueDepth {
    return { bytes: this.bytes, requests: this.requests };
  }
}
