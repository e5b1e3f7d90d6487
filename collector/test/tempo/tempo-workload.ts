/**
 * The spans the Tempo and Jaeger contract tests query: three small traces across three services,
 * and a steady series for metrics, all within the last ten minutes.
 */
import type { Row } from '@laptime/store';
import { tracesDataProto } from '../../src/otlp-out/traces-data-proto.js';
import { PROTOBUF, postTraces } from '../support/http.js';

const MS = 1_000_000n;

export interface Workload {
  /** Every row sent, in the order sent (which is their global index order). */
  rows: Row[];
  /** Trace ids (hex) of the three small traces. */
  cart: string;
  failing: string;
  payment: string;
  /** Unix ms of the first span of the steady series, and its spacing. */
  seriesStartMs: number;
  seriesGapMs: number;
  /** Span durations of the steady series, in ms. */
  seriesDurations: number[];
}

function id(bytes: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: bytes }, (_, k) => (k === bytes - 1 ? seed & 0xff : (seed >> 8) + k + 1));
}

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

function row(o: {
  trace: number;
  span: number;
  parent?: number;
  service: string;
  name: string;
  kind: number;
  startNs: bigint;
  durationMs: number;
  status?: number;
  attributes?: Row['attributes'];
  resource?: Row['attributes'];
}): Row {
  return {
    traceId: id(16, o.trace),
    spanId: id(8, o.span),
    parentSpanId: o.parent === undefined ? null : id(8, o.parent),
    traceState: '',
    flags: 0x101,
    service: o.service,
    name: o.name,
    kind: o.kind,
    startTimeUnixNano: o.startNs,
    endTimeUnixNano: o.startNs + BigInt(Math.round(o.durationMs * 1e6)),
    statusCode: o.status ?? 0,
    statusMessage: '',
    attributes: o.attributes ?? {},
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    resource: { 'service.name': o.service, ...o.resource },
    droppedResourceAttributesCount: 0,
    scopeName: 'contract',
    scopeVersion: '1',
    scopeAttributes: {},
    droppedScopeAttributesCount: 0,
  };
}

/** Builds the workload around `nowMs` and sends it to the collector at `url`. */
export async function sendWorkload(
  url: string,
  nowMs: number,
  headers: Record<string, string> = {},
): Promise<Workload> {
  const t0 = BigInt(nowMs - 600_000) * MS;
  const rows: Row[] = [
    row({
      trace: 1,
      span: 1,
      service: 'checkout',
      name: 'GET /cart',
      kind: 2,
      startNs: t0,
      durationMs: 20,
      attributes: { 'http.route': '/cart', 'http.status_code': 200n },
    }),
    row({
      trace: 1,
      span: 2,
      parent: 1,
      service: 'inventory',
      name: 'SELECT stock',
      kind: 3,
      startNs: t0 + 2n * MS,
      durationMs: 5,
      attributes: { 'db.system': 'postgresql' },
    }),
    row({
      trace: 1,
      span: 3,
      parent: 1,
      service: 'inventory',
      name: 'SELECT stock',
      kind: 3,
      startNs: t0 + 9n * MS,
      durationMs: 4,
      attributes: { 'db.system': 'postgresql' },
    }),
    row({
      trace: 2,
      span: 4,
      service: 'checkout',
      name: 'GET /cart',
      kind: 2,
      startNs: t0 + 1000n * MS,
      durationMs: 50,
      status: 2,
      attributes: { 'http.route': '/cart', 'http.status_code': 500n },
    }),
    row({
      trace: 2,
      span: 5,
      parent: 4,
      service: 'payments',
      name: 'charge',
      kind: 2,
      startNs: t0 + 1010n * MS,
      durationMs: 30,
      status: 2,
      attributes: { 'payment.amount': 12.5 },
      resource: { region: 'eu' },
    }),
    row({
      trace: 3,
      span: 6,
      service: 'payments',
      name: 'charge',
      kind: 2,
      startNs: t0 + 2000n * MS,
      durationMs: 100,
      attributes: { 'payment.amount': 99.0 },
      resource: { region: 'us' },
    }),
  ];
  const seriesStartMs = nowMs - 300_000;
  const seriesGapMs = 1000;
  // Three plateaus: every rank convention agrees on p50 (30 ms) and p99 (60 ms).
  const seriesDurations = Array.from({ length: 60 }, (_, k) => [10, 30, 60][Math.floor(k / 20)]!);
  seriesDurations.forEach((d, k) => {
    rows.push(
      row({
        trace: 100 + k,
        span: 100 + k,
        service: 'search',
        name: 'GET /items',
        kind: 2,
        startNs: BigInt(seriesStartMs + k * seriesGapMs) * MS,
        durationMs: d,
        attributes: { 'http.route': '/items' },
      }),
    );
  });
  const res = await postTraces(url, tracesDataProto(rows), { 'content-type': PROTOBUF, ...headers });
  if (res.status !== 200) throw new Error(`POST /v1/traces answered ${res.status}: ${await res.text()}`);
  return {
    rows,
    cart: hex(id(16, 1)),
    failing: hex(id(16, 2)),
    payment: hex(id(16, 3)),
    seriesStartMs,
    seriesGapMs,
    seriesDurations,
  };
}
