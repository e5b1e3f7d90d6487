/** What ingest has seen since the collector started, for /metrics. */
export interface IngestCounters {
  /** Requests to POST /v1/traces, whatever their outcome. */
  requests: number;
  /** Requests refused because the ingest queue was full. */
  throttled: number;
  /** Requests refused as a whole (bad body, too large, wrong type, store failure). */
  failed: number;
  /** Decompressed body bytes read. */
  bodyBytes: number;
  /** Spans decoded from accepted requests (accepted + rejected). */
  spansReceived: number;
  /** Spans made durable. */
  spansAccepted: number;
  /** Spans dropped one by one (partial success). */
  spansRejected: number;
}

export function newIngestCounters(): IngestCounters {
  return {
    requests: 0,
    throttled: 0,
    failed: 0,
    bodyBytes: 0,
    spansReceived: 0,
    spansAccepted: 0,
    spansRejected: 0,
  };
}
