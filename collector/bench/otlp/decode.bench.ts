/**
 * Decode throughput of realistic OTLP requests (512 spans, as the SDK's BatchSpanProcessor sends
 * them: ~10 attributes and one event per span), made by the official serializers:
 * our decoders into a RowBatchBuilder, against opentelemetry-js's protobufjs decoder (objects
 * only, no rows) and JSON.parse alone.
 *
 *     node --conditions=development --import tsx collector/bench/otlp/decode.bench.ts
 */
import * as os from 'node:os';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { Attributes, HrTime } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { RowBatchBuilder } from '@laptime/store';
import { decodeTraceRequestJson } from '../../src/otlp/json-decoder.js';
import { decodeTraceRequestProto } from '../../src/otlp/protobuf-decoder.js';
import { referenceDecode } from '../../test/otlp/reference-decoder.js';

/** Spans per request: the BatchSpanProcessor's default maxExportBatchSize. */
const SPANS_PER_REQUEST = 512;
/** Distinct requests per trial, so that no single buffer stays hot in the caches. */
const REQUESTS = 16;
/** Untimed passes over the requests first, so every contender runs optimized code. */
const WARMUP_PASSES = 10;
/**
 * Timed trials: each is one pass over the requests; contenders take turns, and each keeps its
 * fastest trial, so that a busy machine slows every contender alike and the ratio stays fair.
 */
const ROUNDS = 5;
const TRIALS_PER_ROUND = 2;

const ROUTES = ['/cart', '/cart/items', '/checkout', '/products/:id', '/search', '/users/:id/orders'];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];

/** A deterministic generator, so every run measures the same requests. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function hexId(next: () => number, bytes: number): string {
  let s = '';
  for (let k = 0; k < bytes; k++)
    s += Math.floor(next() * 256)
      .toString(16)
      .padStart(2, '0');
  return s;
}

function hrTime(ns: bigint): HrTime {
  return [Number(ns / 1_000_000_000n), Number(ns % 1_000_000_000n)];
}

function realisticRequest(seed: number): ReadableSpan[] {
  const next = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const resource = resourceFromAttributes({
    'service.name': 'checkout',
    'service.version': '1.42.0',
    'service.instance.id': '627cc493-f310-47de-96bd-71410b7dec09',
    'host.name': 'web-7',
    'process.pid': 4711,
    'telemetry.sdk.language': 'nodejs',
    'telemetry.sdk.name': 'opentelemetry',
    'telemetry.sdk.version': '2.12.1',
  });
  const scope = { name: '@opentelemetry/instrumentation-http', version: '0.208.0' };
  const traceId = hexId(next, 16);
  const spans: ReadableSpan[] = [];
  for (let i = 0; i < SPANS_PER_REQUEST; i++) {
    const route = pick(ROUTES);
    const method = pick(METHODS);
    const start = 1_763_700_000_000_000_000n + BigInt(i) * 1_000_000n + BigInt(Math.floor(next() * 1e6));
    const duration = BigInt(Math.floor(next() * 50_000_000));
    const attributes: Attributes = {
      'http.request.method': method,
      'http.route': route,
      'url.path': route.replace(':id', String(Math.floor(next() * 10_000))),
      'url.scheme': 'https',
      'http.response.status_code': pick([200, 200, 200, 201, 404, 500]),
      'server.address': 'shop.example.com',
      'server.port': 443,
      'network.protocol.version': '1.1',
      'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36',
      'app.cart.items': Math.floor(next() * 20),
    };
    const context = { traceId, spanId: hexId(next, 8), traceFlags: 1 };
    spans.push({
      name: `${method} ${route}`,
      kind: 1,
      spanContext: () => context,
      parentSpanContext: i === 0 ? undefined : { traceId, spanId: hexId(next, 8), traceFlags: 1 },
      startTime: hrTime(start),
      endTime: hrTime(start + duration),
      duration: hrTime(duration),
      ended: true,
      status: { code: next() < 0.05 ? 2 : 0 },
      attributes,
      links: [],
      events: [
        {
          name: 'request.received',
          time: hrTime(start + 1_000n),
          attributes: { 'message.id': i, 'message.uncompressed_size': Math.floor(next() * 4096) },
        },
      ],
      resource,
      instrumentationScope: scope,
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    });
  }
  return spans;
}

interface Contender {
  name: string;
  requests: number;
  bytes: number;
  /** Decodes every request once. */
  pass: () => void;
  /** Fastest pass, in seconds. */
  best: number;
}

function contender<B extends { length: number }>(
  name: string,
  bodies: readonly B[],
  decode: (body: B) => void,
): Contender {
  return {
    name,
    requests: bodies.length,
    bytes: bodies.reduce((n, b) => n + b.length, 0),
    pass: () => {
      for (const body of bodies) decode(body);
    },
    best: Infinity,
  };
}

function trial(c: Contender): void {
  const start = process.hrtime.bigint();
  c.pass();
  c.best = Math.min(c.best, Number(process.hrtime.bigint() - start) / 1e9);
}

function measure(contenders: readonly Contender[]): void {
  for (const c of contenders) for (let k = 0; k < WARMUP_PASSES; k++) trial(c);
  for (const c of contenders) c.best = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of contenders) for (let k = 0; k < TRIALS_PER_ROUND; k++) trial(c);
  }
}

function spansPerSecond(c: Contender): number {
  return (c.requests * SPANS_PER_REQUEST) / c.best;
}

function main(): void {
  const requests = Array.from({ length: REQUESTS }, (_, k) => realisticRequest(k + 1));
  const proto = requests.map((spans) => ProtobufTraceSerializer.serializeRequest(spans)!);
  const json = requests.map((spans) => JsonTraceSerializer.serializeRequest(spans)!);
  const jsonText = json.map((bytes) => new TextDecoder().decode(bytes));
  const average = (xs: readonly Uint8Array[]): number => xs.reduce((n, x) => n + x.length, 0) / xs.length;

  for (const body of proto) {
    const result = decodeTraceRequestProto(body, new RowBatchBuilder(SPANS_PER_REQUEST));
    if (result.accepted !== SPANS_PER_REQUEST)
      throw new Error(`bench request not fully accepted: ${JSON.stringify(result)}`);
  }

  const ours = contender('laptime protobuf -> rows', proto, (body) => {
    const builder = new RowBatchBuilder(SPANS_PER_REQUEST);
    decodeTraceRequestProto(body, builder);
    builder.finish();
  });
  const reference = contender('protobufjs (otlp-transformer 0.216) -> objects', proto, (body) => {
    referenceDecode(body);
  });
  const oursJson = contender('laptime JSON -> rows', jsonText, (body) => {
    const builder = new RowBatchBuilder(SPANS_PER_REQUEST);
    decodeTraceRequestJson(body, builder);
    builder.finish();
  });
  const parseOnly = contender('JSON.parse -> objects', jsonText, (body) => {
    JSON.parse(body);
  });
  const contenders = [ours, reference, oursJson, parseOnly];
  measure(contenders);

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  console.log(
    `node ${process.version}, ${cpu}, ${os.cpus().length} cores, ${os.platform()} ${os.arch()}, load ${load}`,
  );
  console.log(
    `${REQUESTS} requests of ${SPANS_PER_REQUEST} spans; protobuf ${(average(proto) / 1024).toFixed(0)} KiB, ` +
      `JSON ${(average(json) / 1024).toFixed(0)} KiB per request; best of ${ROUNDS * TRIALS_PER_ROUND} passes\n`,
  );
  console.log('decoder (one core)                                spans/s      MB/s');
  for (const c of contenders) {
    const rate = (spansPerSecond(c) / 1e6).toFixed(2).padStart(8);
    console.log(`${c.name.padEnd(46)} ${rate} M ${(c.bytes / c.best / 1e6).toFixed(1).padStart(8)}`);
  }
  const ratio = (a: Contender, b: Contender): string => (spansPerSecond(a) / spansPerSecond(b)).toFixed(2);
  console.log(`\nprotobuf: laptime / protobufjs = ${ratio(ours, reference)}x`);
  console.log(`JSON:     laptime / JSON.parse  = ${ratio(oursJson, parseOnly)}x`);
}

main();
