/** The JSON shapes of the collector's HTTP API, as /work/shared/API.md specifies them. */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface SpanJson {
  index: number;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  traceState: string;
  flags: number;
  service: string;
  name: string;
  kind: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  duration: number;
  status: { code: 'ok' | 'error' | 'unset'; message: string };
  attributes: JsonObject;
  resource: JsonObject;
  resourceSchemaUrl: string;
  scope: {
    name: string;
    version: string;
    attributes: JsonObject;
    droppedAttributesCount: number;
    schemaUrl: string;
  };
  events: { timeUnixNano: string; name: string; attributes: JsonObject; droppedAttributesCount: number }[];
  links: {
    traceId: string;
    spanId: string;
    traceState: string;
    attributes: JsonObject;
    droppedAttributesCount: number;
    flags: number;
  }[];
  dropped: { attributes: number; events: number; links: number; resourceAttributes: number };
}

export interface StatsJson {
  service: string;
  name: string;
  count: number;
  errors: number;
  errorRate: number;
  mean: number;
  min: number;
  max: number;
  stddev: number;
  stderr: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  rate: number;
  firstSeen: number | null;
  lastSeen: number | null;
  from: number | null;
  to: number | null;
  exact: boolean;
  relativeError: number;
}

export interface SeriesJson {
  service: string;
  name: string;
  count: number;
}

export interface NamesResponse {
  series: SeriesJson[];
}

export interface StatsListResponse {
  stats: StatsJson[];
}

export interface SpansPage {
  spans: SpanJson[];
  /** Opaque: passed back as `after`. */
  next: string | number | null;
}

export interface TraceResponse {
  traceId: string;
  spans: SpanJson[];
}
