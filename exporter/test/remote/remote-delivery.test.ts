import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { ExportResultCode } from '@opentelemetry/core';
import { LaptimeSpanExporter } from '../../src/laptime-span-exporter.js';
import { DiagCapture } from '../support/diag-capture.js';
import { exportNow } from '../support/export-now.js';
import { makeSpans } from '../support/make-spans.js';
import { ScriptedReceiver, type Answer } from '../support/scripted-receiver.js';

let diag: DiagCapture;
beforeEach(() => {
  diag = new DiagCapture().install();
});
afterEach(() => diag.uninstall());

async function deliver(script: Answer[], options: ConstructorParameters<typeof LaptimeSpanExporter>[0] = {}) {
  const receiver = new ScriptedReceiver(script);
  const url = await receiver.start();
  const exporter = new LaptimeSpanExporter({ url, ...options });
  const result = await exportNow(exporter, makeSpans(3));
  await exporter.forceFlush();
  const stats = exporter.stats();
  const requestsBeforeShutdown = receiver.requests.length;
  await exporter.shutdown();
  await receiver.stop();
  return { receiver, result, stats, requestsBeforeShutdown };
}

test('Retry-After is honoured, in seconds and as an HTTP date, before the spans are delivered', async () => {
  // Sent after the first 1 s wait: 1 to 2 s ahead by then (HTTP dates have whole seconds).
  const inThreeSeconds = new Date(Date.now() + 3000).toUTCString();

  const { receiver, stats } = await deliver([
    { status: 429, headers: { 'retry-after': '1' } },
    { status: 503, headers: { 'retry-after': inThreeSeconds } },
  ]);

  assert.equal(receiver.requests.length, 3);
  const [a, b, c] = receiver.requests.map((r) => r.at);
  assert.ok(b! - a! >= 990, `waited ${b! - a!} ms after "Retry-After: 1"`);
  assert.ok(c! - b! >= 900 && c! - b! <= 2600, `waited ${c! - b!} ms for the date`);
  assert.deepEqual(stats, { queuedSpans: 0, exportedSpans: 3, droppedSpans: 0, rejectedSpans: 0 });
});

test('a Retry-After beyond the timeout is not waited for: the spans stay queued for later', async () => {
  const started = performance.now();

  const { result, stats, requestsBeforeShutdown } = await deliver(
    [{ status: 503, headers: { 'retry-after': '30' } }],
    { timeoutMillis: 500 },
  );

  assert.ok(performance.now() - started < 2500);
  assert.equal(result.code, ExportResultCode.SUCCESS, 'export only queues');
  assert.equal(requestsBeforeShutdown, 1);
  assert.equal(stats.queuedSpans, 3);
  assert.equal(stats.exportedSpans, 0);
  assert.equal(diag.at('warn').filter((m) => /answered 503/.test(m)).length, 1);
});

test('a non-retryable answer is not retried; the spans are counted as rejected and reported once', async () => {
  const { receiver, stats } = await deliver([{ status: 400 }]);

  assert.equal(receiver.requests.length, 1);
  assert.deepEqual(stats, { queuedSpans: 0, exportedSpans: 0, droppedSpans: 0, rejectedSpans: 3 });
  assert.equal(diag.at('error').length, 1);
  assert.match(diag.at('error')[0]!, /3 spans refused: .*answered 400/);
});

test('a partial success counts the rejected spans and the rest as exported', async () => {
  // ExportTraceServiceResponse { partial_success { rejected_spans: 2, error_message: "x" } }
  const body = Uint8Array.from([0x0a, 0x05, 0x08, 0x02, 0x12, 0x01, 0x78]);

  const { stats } = await deliver([{ status: 200, body }]);

  assert.deepEqual(stats, { queuedSpans: 0, exportedSpans: 1, droppedSpans: 0, rejectedSpans: 2 });
  assert.match(diag.at('error')[0]!, /partial success: x/);
});

test('requests carry protobuf, the configured headers and the bearer token', async () => {
  const { receiver } = await deliver([], { headers: { 'x-team': 'core' }, token: 't0ken' });

  const h = receiver.requests[0]!.headers;
  assert.equal(h['content-type'], 'application/x-protobuf');
  assert.equal(h['x-team'], 'core');
  assert.equal(h['authorization'], 'Bearer t0ken');
  assert.match(h['user-agent']!, /^laptime-exporter\//);
  assert.equal(h['content-encoding'], undefined);
});

test('gzip compression sends the same protobuf body, compressed', async () => {
  const plain = (await deliver([])).receiver.requests[0]!;

  const zipped = (await deliver([], { compression: 'gzip' })).receiver.requests[0]!;

  assert.equal(zipped.headers['content-encoding'], 'gzip');
  assert.equal(gunzipSync(zipped.body).length, plain.body.length);
});
