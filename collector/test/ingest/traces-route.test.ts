import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import type { SeriesInfo } from '@laptime/store';
import { startCollector } from '../../src/server.js';
import { testCollector, type TestCollector } from '../support/collector.js';
import {
  JSON_TYPE,
  PROTOBUF,
  eventually,
  getJson,
  openUpload,
  postTraces,
  protobufResponse,
} from '../support/http.js';
import { jsonBody, protobufBody, type TestSpan } from '../support/spans.js';

const ZERO_TRACE_ID = '0'.repeat(32);
/** Body limit of the shared collector: small, so over-limit bodies are cheap to make. */
const MAX_BODY = 64 * 1024;

let collector: TestCollector;

before(async () => {
  collector = await testCollector({ maxBody: MAX_BODY });
});
after(() => collector.dispose());

async function countOf(name: string): Promise<number> {
  const { body } = await getJson<{ series: SeriesInfo[] }>(`${collector.url}/api/names`);
  return body.series.filter((s) => s.name === name).reduce((n, s) => n + s.count, 0);
}

function spans(name: string, n: number): TestSpan[] {
  return Array.from({ length: n }, () => ({ name }));
}

test('protobuf spans are acknowledged with an empty ExportTraceServiceResponse once stored', async () => {
  // Arrange
  const body = protobufBody(spans('proto-ok', 3));

  // Act
  const res = await postTraces(collector.url, body);

  // Assert
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), PROTOBUF);
  assert.deepEqual(await protobufResponse(res), {});
  assert.equal(await countOf('proto-ok'), 3);
});

test('OTLP/JSON spans (charset given) are acknowledged in JSON', async () => {
  const res = await postTraces(collector.url, jsonBody(spans('json-ok', 2)), {
    'content-type': 'application/json; charset=utf-8',
  });

  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  assert.deepEqual(await res.json(), {});
  assert.equal(await countOf('json-ok'), 2);
});

test('a gzip body is decompressed', async () => {
  const res = await postTraces(collector.url, gzipSync(protobufBody(spans('gzip-ok', 4))), {
    'content-type': PROTOBUF,
    'content-encoding': 'gzip',
  });

  assert.equal(res.status, 200);
  assert.equal(await countOf('gzip-ok'), 4);
});

test('an empty request is a success in both encodings', async () => {
  for (const type of [PROTOBUF, JSON_TYPE]) {
    const res = await postTraces(collector.url, new Uint8Array(0), { 'content-type': type });
    assert.equal(res.status, 200, type);
    await res.arrayBuffer();
  }
});

test('invalid spans are dropped alone: 200 with partial_success counting them', async () => {
  // Arrange: one span with an all-zero trace id among two good ones.
  const body = protobufBody([
    { name: 'partial' },
    { name: 'partial', traceId: ZERO_TRACE_ID },
    { name: 'partial' },
  ]);

  // Act
  const res = await postTraces(collector.url, body);

  // Assert
  assert.equal(res.status, 200);
  const { partialSuccess } = await protobufResponse(res);
  assert.equal(Number(partialSuccess?.rejectedSpans), 1);
  assert.match(partialSuccess?.errorMessage ?? '', /span 1/);
  assert.equal(await countOf('partial'), 2);
});

test('a partial success in JSON carries the count as proto3 JSON does', async () => {
  const res = await postTraces(collector.url, jsonBody([{ name: 'partial-json', traceId: ZERO_TRACE_ID }]), {
    'content-type': JSON_TYPE,
  });

  assert.equal(res.status, 200);
  const body = (await res.json()) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
  assert.equal(body.partialSuccess.rejectedSpans, '1');
});

test('a span dated far ahead (year 2500) is refused alone, in protobuf and in JSON, naming the bound', async () => {
  const year2500Ms = 16_725_225_600_000;
  const mixed = (name: string): TestSpan[] => [{ name }, { name, startMs: year2500Ms }, { name }];

  const proto = await postTraces(collector.url, protobufBody(mixed('future-proto')));
  const json = await postTraces(collector.url, jsonBody(mixed('future-json')), { 'content-type': JSON_TYPE });

  assert.equal(proto.status, 200);
  const { partialSuccess } = await protobufResponse(proto);
  assert.equal(Number(partialSuccess?.rejectedSpans), 1);
  assert.match(
    partialSuccess?.errorMessage ?? '',
    /span 1: start time 2500-01-01T00:00:00\.000Z is more than 3 h ahead/,
  );
  assert.equal(json.status, 200);
  const body = (await json.json()) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
  assert.equal(body.partialSuccess.rejectedSpans, '1');
  assert.match(body.partialSuccess.errorMessage, /more than 3 h ahead/);
  assert.equal(await countOf('future-proto'), 2);
  assert.equal(await countOf('future-json'), 2);
});

test('lone surrogates in OTLP/JSON names are rejected, and the store reopens afterwards', async () => {
  // Arrange: the two spans of the report, whose names have no UTF-8 form; both would become U+FFFD.
  const span = (spanId: string, name: string): string =>
    `{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"${spanId}","name":"${name}",` +
    '"startTimeUnixNano":"1764000000000000000","endTimeUnixNano":"1764000000012000000"}';
  const body = `{"resourceSpans":[{"scopeSpans":[{"spans":[${span('1111111111111111', '\\ud800')},${span('2222222222222222', '\\udc00')}]}]}]}`;
  const own = await testCollector();
  try {
    // Act
    const res = await postTraces(own.url, new TextEncoder().encode(body), { 'content-type': JSON_TYPE });
    await own.close();
    const reopened = await startCollector({ host: '127.0.0.1', port: 0, poolMB: 8, dataDir: own.dataDir });
    const names = await getJson<{ series: SeriesInfo[] }>(`${reopened.url}/api/names`);
    await reopened.close();

    // Assert
    assert.equal(res.status, 200);
    const partial = (
      (await res.json()) as { partialSuccess: { rejectedSpans: string; errorMessage: string } }
    ).partialSuccess;
    assert.equal(partial.rejectedSpans, '2');
    assert.match(
      partial.errorMessage,
      /span 0: name is not valid Unicode.*span 1: name is not valid Unicode/,
    );
    assert.deepEqual(names.body.series, []);
  } finally {
    await own.dispose();
  }
});

test('an 8M-digit intValue (an 8 KB gzip body) rejects its span; the collector goes on', async () => {
  // Arrange
  const span =
    '{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"1111111111111111","name":"digits",' +
    '"startTimeUnixNano":"1764000000000000000","endTimeUnixNano":"1764000000012000000",' +
    `"attributes":[{"key":"n","value":{"intValue":"${'9'.repeat(8_000_000)}"}}]}`;
  const body = gzipSync(`{"resourceSpans":[{"scopeSpans":[{"spans":[${span}]}]}]}`);

  const own = await testCollector();

  // Act
  const res = await postTraces(own.url, body, { 'content-type': JSON_TYPE, 'content-encoding': 'gzip' });
  const answer = (await res.json()) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
  const health = await fetch(`${own.url}/healthz`);
  await health.arrayBuffer();
  await own.dispose();

  // Assert
  assert.ok(body.length < 16 * 1024);
  assert.equal(res.status, 200);
  const partial = answer.partialSuccess;
  assert.equal(partial.rejectedSpans, '1');
  assert.match(partial.errorMessage, /attributes\.n intValue must be an int64/);
  assert.equal(health.status, 200);
});

test('a 61 KB gzip JSON body of 63 MB of [], is decoded while the collector keeps answering', async () => {
  // Arrange: the report's body, an unknown field of tiny arrays, with one good span after it.
  const span =
    '{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"1111111111111111","name":"after-arrays",' +
    '"startTimeUnixNano":"1764000000000000000","endTimeUnixNano":"1764000000012000000"}';
  const text = `{"x":[${'[],'.repeat(21_000_000)}[]],"resourceSpans":[{"scopeSpans":[{"spans":[${span}]}]}]}`;
  const body = gzipSync(text, { level: 9 });
  const own = await testCollector();
  try {
    // Act: once the collector has read the whole body, ask for /healthz.
    let ingestDone = false;
    let healthAnsweredFirst = false;
    const ingest = postTraces(own.url, body, { 'content-type': JSON_TYPE, 'content-encoding': 'gzip' });
    void ingest.then(() => (ingestDone = true));
    await eventually(
      async () => {
        const metrics = await (await fetch(`${own.url}/metrics`)).text();
        return (
          new RegExp(`^laptime_ingest_body_bytes_total ${text.length}$`, 'm').test(metrics) || ingestDone
        );
      },
      'the body is read',
      60_000,
    );
    const health = await fetch(`${own.url}/healthz`);
    healthAnsweredFirst = !ingestDone;
    const res = await ingest;

    // Assert
    assert.ok(body.length < 80 * 1024);
    assert.equal(health.status, 200);
    assert.ok(healthAnsweredFirst, '/healthz was answered while the body was decoded');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {});
    const names = await getJson<{ series: SeriesInfo[] }>(`${own.url}/api/names`);
    assert.deepEqual(
      names.body.series.map((s) => s.name),
      ['after-arrays'],
    );
  } finally {
    await own.dispose();
  }
});

test('garbage protobuf is 400 with a google.rpc.Status in protobuf', async () => {
  const res = await postTraces(collector.url, new Uint8Array([0x0a, 0xff, 0xff, 0x01, 0x02]));

  assert.equal(res.status, 400);
  assert.equal(res.headers.get('content-type'), PROTOBUF);
  const status = Buffer.from(await res.arrayBuffer());
  assert.equal(status[0], 0x08, 'google.rpc.Status.code comes first');
  assert.equal(status[1], 3, 'INVALID_ARGUMENT');
  assert.ok(status.includes('LT_OTLP_DECODE'));
});

test('JSON that does not parse is 400 with a google.rpc.Status in JSON', async () => {
  const res = await postTraces(collector.url, new TextEncoder().encode('{"resourceSpans": ['), {
    'content-type': JSON_TYPE,
  });

  assert.equal(res.status, 400);
  const status = (await res.json()) as { code: number; message: string };
  assert.equal(status.code, 3);
  assert.match(status.message, /^LT_OTLP_DECODE: /);
});

test('a corrupt gzip stream is 400 LT_BAD_REQUEST', async () => {
  const gz = gzipSync(protobufBody(spans('corrupt', 1)));
  gz[gz.length - 6]! ^= 0xff;

  const res = await postTraces(collector.url, gz, { 'content-type': JSON_TYPE, 'content-encoding': 'gzip' });

  assert.equal(res.status, 400);
  assert.match(((await res.json()) as { message: string }).message, /^LT_BAD_REQUEST: /);
});

test('a body over the limit is 413, announced or streamed', async () => {
  // Arrange
  const big = new Uint8Array(MAX_BODY + 1);
  const upload = openUpload(`${collector.url}/v1/traces`, { 'content-type': PROTOBUF });

  // Act
  const announced = await postTraces(collector.url, big);
  upload.write(big.subarray(0, MAX_BODY));
  upload.end(big.subarray(MAX_BODY));
  const streamed = await upload.response;

  // Assert
  assert.equal(announced.status, 413);
  assert.ok(Buffer.from(await announced.arrayBuffer()).includes('LT_PAYLOAD_TOO_LARGE'));
  assert.equal(streamed.status, 413);
});

test('a gzip bomb (1 GiB of zeros) is 413 without inflating it whole', async () => {
  // Arrange: 1024 gzip members of 1 MiB of zeros each, about 1 MB on the wire.
  const member = gzipSync(Buffer.alloc(1024 * 1024));
  const bomb = Buffer.concat(Array.from({ length: 1024 }, () => member));
  const rssBefore = process.memoryUsage().rss;
  const started = Date.now();

  // Act
  const res = await postTraces(collector.url, bomb, { 'content-type': PROTOBUF, 'content-encoding': 'gzip' });

  // Assert
  assert.equal(res.status, 413);
  await res.arrayBuffer();
  assert.ok(
    process.memoryUsage().rss - rssBefore < 256 * 1024 * 1024,
    'memory stayed far below the inflated size',
  );
  assert.ok(Date.now() - started < 5000, 'inflation stopped at the limit');
});

test('a content type other than protobuf or JSON is 415', async () => {
  const res = await postTraces(collector.url, new Uint8Array(1), { 'content-type': 'text/plain' });

  assert.equal(res.status, 415);
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'LT_UNSUPPORTED_MEDIA_TYPE');
});

test('an encoding other than gzip or identity is 415', async () => {
  const res = await postTraces(collector.url, new Uint8Array(1), {
    'content-type': PROTOBUF,
    'content-encoding': 'br',
  });

  assert.equal(res.status, 415);
  await res.arrayBuffer();
});

test('a full ingest queue answers 429 with Retry-After before reading the body', async () => {
  // Arrange: a collector whose queue holds 1 KiB, filled by an upload left open.
  const small = await testCollector({ ingestQueueBytes: 1024 });
  try {
    const held = openUpload(`${small.url}/v1/traces`, { 'content-type': PROTOBUF });
    const body = protobufBody(spans('queued', 40));
    assert.ok(body.length > 1100);
    held.write(body.subarray(0, 1100));
    await eventually(async () => {
      const metrics = await (await fetch(`${small.url}/metrics`)).text();
      return /^laptime_ingest_queue_bytes 1100$/m.test(metrics);
    }, 'the upload holds the queue');

    // Act
    const refused = await postTraces(small.url, jsonBody(spans('refused', 1)), { 'content-type': JSON_TYPE });
    held.end(body.subarray(1100));
    const accepted = await held.response;

    // Assert
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '1');
    assert.match(((await refused.json()) as { message: string }).message, /^LT_THROTTLED: /);
    assert.equal(accepted.status, 200);
  } finally {
    await small.dispose();
  }
});

test('64 slow uploads do not keep a fast sender out, and complete afterwards', async () => {
  // Arrange: as many slow uploads as the collector has processing slots, each one byte in.
  const own = await testCollector();
  try {
    const body = protobufBody(spans('slow', 1));
    const slow = Array.from({ length: 64 }, () =>
      openUpload(`${own.url}/v1/traces`, { 'content-type': PROTOBUF }),
    );
    for (const upload of slow) upload.write(body.subarray(0, 1));
    await eventually(async () => {
      const metrics = await (await fetch(`${own.url}/metrics`)).text();
      return /^laptime_ingest_body_bytes_total 64$/m.test(metrics);
    }, 'every slow upload has sent a byte');

    // Act
    const fast = await postTraces(own.url, protobufBody(spans('fast', 1)));
    for (const upload of slow) upload.end(body.subarray(1));
    const slowAnswers = await Promise.all(slow.map((u) => u.response));

    // Assert
    assert.equal(fast.status, 200);
    await fast.arrayBuffer();
    assert.deepEqual(
      slowAnswers.map((a) => a.status),
      slowAnswers.map(() => 200),
    );
  } finally {
    await own.dispose();
  }
});
