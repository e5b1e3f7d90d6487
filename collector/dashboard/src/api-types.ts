/** The JSON shapes of the collector's REST API that the dashboard reads (see API.md). */

export interface Stats {
  service: string;
  name: string;
  count: number;
  errors: number;
  errorRate: number;
  mean: number;
  min: number;
  max: number;
  p50: number;
  p95: number;
  p99: number;
  rate: number;
  firstSeen: number;
  lastSeen: number;
}

export interface Span {
  index: number;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  service: string;
  name: string;
  kind: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  duration: number;
  status: { code: 'ok' | 'error' | 'unset'; message: string };
  attributes: Record<string, unknown>;
}

export interface StatsResponse {
  stats: Stats[];
}

export interface SpansResponse {
  spans: Span[];
  next: string | null;
}

export interface TraceResponse {
  traceId: string;
  spans: Span[];
}
