/**
 * Admission control of ingest: a bound on the body bytes in flight, from the first byte read
 * until the store acknowledged (or refused) the spans, and a bound on the requests past their
 * upload (decoding or waiting for the store).
 *
 * An upload holds only the bytes it has sent, not a slot: clients that send slowly hold little
 * and cannot keep fast senders out (64 slow uploads used to take every slot for up to a minute).
 * A request that finds the byte bound reached is refused before its body is read; one whose
 * next bytes would pass it is refused then, so the bound holds while bodies stream in.
 */

/** The bounds of the queue. */
export interface IngestQueueLimits {
  /** Body bytes (decompressed) held by admitted requests, at most. */
  maxBytes: number;
  /** Requests past their upload (decoding or waiting for the store) at most. */
  maxRequests: number;
}

/** One admitted request's hold on the queue; release it exactly once. */
export interface IngestTicket {
  /**
   * Counts `n` more body bytes held by this request; false (nothing counted) when they would
   * pass the byte bound while other requests hold bytes too.
   */
  hold(n: number): boolean;
  /** Takes a processing slot once the body is read; false when every slot is taken. */
  process(): boolean;
  /** Gives the request's bytes and slot back. Later calls do nothing. */
  release(): void;
}

/** The queue's occupancy, for /metrics. */
export interface IngestQueueDepth {
  bytes: number;
  /** Requests past their upload. */
  requests: number;
  /** Requests whose body is being read. */
  uploads: number;
}

export class IngestQueue {
  private bytes = 0;
  private requests = 0;
  private uploads = 0;

  constructor(private readonly limits: IngestQueueLimits) {}

  /**
   * Admits a request announcing `expectedBytes` (its Content-Length, 0 when unknown), or returns
   * null when the byte bound leaves no room for it. A request is always admitted while no bytes
   * are held, so a body larger than the byte bound is refused by the body limit, not starved here.
   */
  tryAdmit(expectedBytes: number): IngestTicket | null {
    const { maxBytes } = this.limits;
    if (this.bytes > 0 && (this.bytes >= maxBytes || this.bytes + expectedBytes > maxBytes)) return null;
    this.uploads++;
    let held = 0;
    let processing = false;
    let released = false;
    return {
      hold: (n: number) => {
        if (released) return false;
        if (this.bytes > held && this.bytes + n > this.limits.maxBytes) return false;
        held += n;
        this.bytes += n;
        return true;
      },
      process: () => {
        if (released || processing) return processing;
        if (this.requests >= this.limits.maxRequests) return false;
        processing = true;
        this.uploads--;
        this.requests++;
        return true;
      },
      release: () => {
        if (released) return;
        released = true;
        this.bytes -= held;
        if (processing) this.requests--;
        else this.uploads--;
      },
    };
  }

  depth(): IngestQueueDepth {
    return { bytes: this.bytes, requests: this.requests, uploads: this.uploads };
  }
}
