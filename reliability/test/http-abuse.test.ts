/**
 * HTTP-level abuse of the collector: slow headers and bodies are cut off by the timeouts, thousands
 * of idle connections neither block nor leak, oversized headers get 431, and a gzip bomb gets 413
 * without being inflated whole.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { DEFAULT_CONFIG, startCollector, type RunningCollector } from '@laptime/collector';
import { encodeTraceRequest } from '@laptime/collector/testing';
import { realisticRows } from '@laptime/store/testing';
import { gzipBomb } from '../src/abuse/gzip-bomb.js';
import { startServe } from '../src/abuse/laptime-child.js';
import { openFds } from '../src/abuse/open-fds.js';
import { connectRaw, within, type RawSocket } from '../src/abuse/raw-socket.js';
import { post } from '../src/fuzz/http-post.js';
import { sampleRssPeak } from '../src/fuzz/memory-peak.js';
import { reportFigures, sized } from '../src/profile.js';

const MiB = 1024 * 1024;
/** Short timeouts so that the test waits seconds, not the defaults' minute. */
const HEADERS_TIMEOUT_MS = 1_000;
const REQUEST_TIMEOUT_MS = 2_000;
/** Node checks the timeouts once a second (server.ts); a loaded machine adds more. */
const TIMEOUT_SLACK_MS = 3_000;
/** Idle connections held open at once (`ulimit -n` here is 20,000: both ends live in this process). */
const IDLE_CONNECTIONS = sized(2_000, 6_000);
/** Connections opened at once while building up the idle ones. */
const CONNECT_BATCH = 500;
/** Headers timeout of the idle-connections test: long enough that all of them are open together. */
const IDLE_HEADERS_TIMEOUT_MS = sized(5_000, 30_000);
/** How long a request may take while the idle connections are open. */
const PROMPT_MS = 3_000;
const INGEST_DEADLINE_MS = 10_000;
/** Node's default header limit is 16 KiB. */
const OVERSIZED_HEADER_BYTES = 32 * 1024;
/** A gzip bomb inflating to 1 GiB against a body limit of 8 MiB. */
const BOMB_INFLATED_BYTES = 1024 * MiB;
const BOMB_MAX_BODY = '8MB';
/** A collector holding at most the body limit of a bomb stays far below this. */
const BOMB_RSS_LIMIT_BYTES = 256 * MiB;

async function collector(t: TestContext, headersTimeoutMs = HEADERS_TIMEOUT_MS): Promise<RunningCollector> {
  const dir = await mkdtemp(join(tmpdir(), 'laptime-abuse-'));
  const c = await startCollector({
    dataDir: dir,
    port: 0,
    headersTimeoutMs,
    requestTimeoutMs: Math.max(REQUEST_TIMEOUT_MS, headersTimeoutMs),
  });
  t.after(async () => {
    await c.close();
    await rm(dir, { recursive: true, force: true });
  });
  return c;
}

function healthz(url: string): Promise<number> {
  return post({ url: `${url}/healthz`, method: 'GET', headers: {}, deadlineMs: PROMPT_MS }).then((o) =>
    o.kind === 'answer' ? o.status : -1,
  );
}

const VALID_BODY = encodeTraceRequest(realisticRows(8, { seed: 9 }));

test('a slow body is cut off with 408 after the request timeout; other clients are served meanwhile', async (t) => {
  const c = await collector(t);
  const slow = await connectRaw(c.url);
  slow.socket.write(
    'POST /v1/traces HTTP/1.1\r\nHost: laptime\r\nContent-Type: application/x-protobuf\r\nContent-Length: 100000\r\n\r\n',
  );
  const trickle = setInterval(() => slow.socket.write('\u0000'), 100);
  t.after(() => clearInterval(trickle));

  assert.equal(await healthz(c.url), 200);
  const closedAfter = await slow.closed;

  reportFigures('abuse-slow-body', { requestTimeoutMs: REQUEST_TIMEOUT_MS, closedAfterMs: closedAfter });
  assert.match(slow.received(), /^HTTP\/1\.1 408 /);
  assert.ok(
    closedAfter >= REQUEST_TIMEOUT_MS && closedAfter < REQUEST_TIMEOUT_MS + TIMEOUT_SLACK_MS,
    `${closedAfter} ms`,
  );
});

test('slow headers are cut off with 408 after the headers timeout', async (t) => {
  const c = await collector(t);
  const slow = await connectRaw(c.url);
  slow.socket.write('POST /v1/traces HTTP/1.1\r\n');
  const trickle = setInterval(() => slow.socket.write('X'), 100);
  t.after(() => clearInterval(trickle));

  const closedAfter = await slow.closed;

  reportFigures('abuse-slow-headers', { headersTimeoutMs: HEADERS_TIMEOUT_MS, closedAfterMs: closedAfter });
  assert.match(slow.received(), /^HTTP\/1\.1 408 /);
  assert.ok(closedAfter < HEADERS_TIMEOUT_MS + TIMEOUT_SLACK_MS, `${closedAfter} ms`);
});

test('thousands of idle connections: health and ingest answer promptly, the idle ones are closed, no descriptor leaks', async (t) => {
  const c = await collector(t, IDLE_HEADERS_TIMEOUT_MS);
  const fdsBefore = openFds();
  const sockets: RawSocket[] = [];
  t.after(() => sockets.forEach((s) => s.socket.destroy()));
  for (let i = 0; i < IDLE_CONNECTIONS; i += CONNECT_BATCH)
    sockets.push(...(await Promise.all(Array.from({ length: CONNECT_BATCH }, () => connectRaw(c.url)))));
  const fdsOpen = openFds();
  const openTogether = sockets.filter((s) => !s.socket.destroyed).length;

  const healthStarted = Date.now();
  const health = await healthz(c.url);
  const healthMs = Date.now() - healthStarted;
  const ingestStarted = Date.now();
  const ingest = await post({
    url: `${c.url}/v1/traces`,
    headers: { 'content-type': 'application/x-protobuf' },
    body: VALID_BODY,
    deadlineMs: INGEST_DEADLINE_MS,
  });
  const ingestMs = Date.now() - ingestStarted;
  const allClosed = await within(
    Promise.all(sockets.map((s) => s.closed)),
    IDLE_HEADERS_TIMEOUT_MS + TIMEOUT_SLACK_MS + IDLE_CONNECTIONS, // closing thousands takes a moment too
  );
  const stillOpen = sockets.filter((s) => !s.socket.destroyed).length;
  const fdsAfter = openFds();

  reportFigures('abuse-idle-connections', {
    connections: IDLE_CONNECTIONS,
    openTogether,
    fdsBefore,
    fdsOpen,
    fdsAfter,
    healthMs,
    ingestMs,
    stillOpen,
  });
  assert.equal(openTogether, IDLE_CONNECTIONS, 'every idle connection was open at once');
  assert.equal(health, 200);
  assert.ok(healthMs < PROMPT_MS, `healthz took ${healthMs} ms`);
  assert.equal(ingest.kind === 'answer' ? ingest.status : ingest.kind, 200);
  assert.ok(allClosed, `${stillOpen} idle connections still open`);
  assert.ok(fdsAfter <= fdsBefore + 10, `descriptors: ${fdsBefore} before, ${fdsAfter} after`);
});

test('a header block over the limit gets 431, not a crash', async (t) => {
  const c = await collector(t);
  const big = await post({
    url: `${c.url}/v1/traces`,
    headers: { 'content-type': 'application/x-protobuf', 'x-padding': 'a'.repeat(OVERSIZED_HEADER_BYTES) },
    body: VALID_BODY,
    deadlineMs: INGEST_DEADLINE_MS,
  });
  const many = await post({
    url: `${c.url}/healthz`,
    method: 'GET',
    headers: Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`x-h${i}`, 'abcdefghij'])),
    deadlineMs: INGEST_DEADLINE_MS,
  });

  assert.equal(big.kind === 'answer' ? big.status : big.kind, 431);
  assert.equal(many.kind === 'answer' ? many.status : many.kind, 431);
  assert.equal(await healthz(c.url), 200);
});

test('a gzip bomb gets 413 without being inflated: memory stays bounded', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'laptime-bomb-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const child = await startServe(['--data', dir, '--max-body', BOMB_MAX_BODY]);
  t.after(() => child.stop());
  const bomb = gzipBomb(BOMB_INFLATED_BYTES);
  const memory = sampleRssPeak(child.child.pid);

  const answers: (number | string)[] = [];
  for (const type of ['application/x-protobuf', 'application/json']) {
    const o = await post({
      url: `${child.url}/v1/traces`,
      headers: { 'content-type': type, 'content-encoding': 'gzip' },
      body: bomb,
      deadlineMs: INGEST_DEADLINE_MS,
    });
    answers.push(o.kind === 'answer' ? o.status : o.kind);
  }
  const peak = memory.stop();
  const alive = child.child.exitCode === null;

  reportFigures('abuse-gzip-bomb', {
    compressedBytes: bomb.length,
    inflatedBytes: BOMB_INFLATED_BYTES,
    maxBody: BOMB_MAX_BODY,
    peakRssMiB: Math.round(peak / MiB),
  });
  assert.deepEqual(answers, [413, 413]);
  assert.ok(alive, child.stderr());
  assert.ok(peak < BOMB_RSS_LIMIT_BYTES, `peak RSS ${Math.round(peak / MiB)} MiB`);
});

test('by default a silent or slow client is cut off within a minute', () => {
  assert.ok(DEFAULT_CONFIG.headersTimeoutMs <= 10_000, `headersTimeoutMs ${DEFAULT_CONFIG.headersTimeoutMs}`);
  assert.ok(DEFAULT_CONFIG.requestTimeoutMs <= 60_000, `requestTimeoutMs ${DEFAULT_CONFIG.requestTimeoutMs}`);
});
