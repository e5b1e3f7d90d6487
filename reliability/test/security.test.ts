/**
 * Security: the bearer token on every route but the health checks (compared in constant time),
 * the default bind address, body limits, no path traversal through the dashboard or the CLI, and
 * no stack traces in answers.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import * as http from 'node:http';
import { syncBuiltinESMExports } from 'node:module';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { test, type TestContext } from 'node:test';
import { startCollector, type RunningCollector } from '@laptime/collector';
import { encodeTraceRequest } from '@laptime/collector/testing';
import { realisticRows } from '@laptime/store/testing';
import { spawnLaptime, startServe } from '../src/abuse/laptime-child.js';
import { connectRaw } from '../src/abuse/raw-socket.js';
import { post } from '../src/fuzz/http-post.js';
import { leakedInternals } from '../src/security/leaks.js';
import { ROUTES } from '../src/security/routes.js';

const TOKEN = 's3cret-token-of-some-length';
const DEADLINE_MS = 10_000;
const SMALL_MAX_BODY = 64 * 1024;
const VALID_BODY = encodeTraceRequest(realisticRows(4, { seed: 3 }));

async function collector(t: TestContext, token: string | null): Promise<RunningCollector> {
  const dir = await mkdtemp(join(tmpdir(), 'laptime-security-'));
  const c = await startCollector({ dataDir: dir, port: 0, token, maxBody: SMALL_MAX_BODY });
  t.after(async () => {
    await c.close();
    await rm(dir, { recursive: true, force: true });
  });
  return c;
}

function send(
  c: RunningCollector,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: Uint8Array,
) {
  return post({
    url: c.url + path,
    method,
    headers,
    ...(body === undefined ? {} : { body }),
    deadlineMs: DEADLINE_MS,
  });
}

test('with LAPTIME_TOKEN every route but the health checks and the dashboard page needs the bearer token', async (t) => {
  const c = await collector(t, TOKEN);
  const refusals: Record<string, string>[] = [
    {},
    { authorization: 'Bearer wrong-token' },
    { authorization: `Bearer ${TOKEN}x` },
    { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
    { authorization: `Basic ${Buffer.from(`user:${TOKEN}`).toString('base64')}` },
    { authorization: `Token ${TOKEN}` },
    { authorization: TOKEN },
    { authorization: 'Bearer' },
  ];
  for (const route of ROUTES) {
    const body = route.method === 'POST' ? VALID_BODY : undefined;
    for (const auth of refusals) {
      const o = await send(c, route.method, route.path, { ...route.headers, ...auth }, body);
      assert.equal(o.kind, 'answer');
      if (o.kind !== 'answer') continue;
      const what = `${route.method} ${route.path} with ${JSON.stringify(auth)}`;
      if (route.open) {
        assert.notEqual(o.status, 401, what);
        continue;
      }
      assert.equal(o.status, 401, what);
      assert.match(String(o.headers['www-authenticate']), /^Bearer\b/, what);
      assert.match(o.body.toString('latin1'), /LT_UNAUTHORIZED/, what);
      assert.equal(leakedInternals(o.body), null, what);
    }
    const ok = await send(
      c,
      route.method,
      route.path,
      { ...route.headers, authorization: `Bearer ${TOKEN}` },
      body,
    );
    assert.ok(ok.kind === 'answer' && ok.status !== 401, `${route.method} ${route.path} with the token`);
  }
});

test('the token is compared with crypto.timingSafeEqual over fixed-length digests, whatever the guess', async (t) => {
  const c = await collector(t, TOKEN);
  const original = crypto.timingSafeEqual;
  const calls: [number, number][] = [];
  // Node's ESM named exports of node:crypto follow the CommonJS object after syncBuiltinESMExports.
  crypto.timingSafeEqual = (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
    calls.push([a.byteLength, b.byteLength]);
    return original(a, b);
  };
  syncBuiltinESMExports();
  t.after(() => {
    crypto.timingSafeEqual = original;
    syncBuiltinESMExports();
  });
  const guesses = ['', 'x', TOKEN.slice(0, 5), TOKEN, `${TOKEN}${'y'.repeat(500)}`, 'ü'.repeat(40)];
  const statuses: number[] = [];
  for (const guess of guesses) {
    const o = await send(c, 'GET', '/api/names', { authorization: `Bearer ${guess}` });
    statuses.push(o.kind === 'answer' ? o.status : -1);
  }

  // '' and a bare 'Bearer ' never reach the comparison: nothing to compare.
  assert.deepEqual(statuses, [401, 401, 401, 200, 401, 401]);
  assert.equal(calls.length, guesses.length - 1);
  const lengths = new Set(calls.flat());
  assert.equal(lengths.size, 1, `compared lengths: ${JSON.stringify(calls)}`);
  assert.ok([...lengths][0]! >= 32, 'a digest of at least 256 bits');
});

test('laptime serve binds 127.0.0.1 by default: not reachable on other interfaces', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'laptime-bind-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const child = await startServe(['--data', dir]);
  t.after(() => child.stop());
  const { port, hostname } = new URL(child.url);

  assert.equal(hostname, '127.0.0.1');
  const external = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && !a.internal && a.family === 'IPv4')
    .map((a) => a!.address);
  for (const address of external) {
    const o = await post({
      url: `http://${address}:${port}/healthz`,
      method: 'GET',
      headers: {},
      deadlineMs: DEADLINE_MS,
    });
    assert.equal(o.kind, 'network', `reachable on ${address}`);
  }
  console.log(`bind: 127.0.0.1:${port}; refused on ${external.join(', ') || 'no other IPv4 interface'}`);
});

test('bodies over the limit get 413, on the wire and after decompression', async (t) => {
  const c = await collector(t, null);
  const big = Buffer.alloc(SMALL_MAX_BODY + 1, 0x0a);
  const declared = await send(c, 'POST', '/v1/traces', { 'content-type': 'application/x-protobuf' }, big);
  const inflated = await send(
    c,
    'POST',
    '/v1/traces',
    { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    gzipSync(Buffer.alloc(4 * SMALL_MAX_BODY, 0x20)),
  );
  const chunked = await new Promise<number>((resolve, reject) => {
    // No Content-Length: the limit must hold for the bytes as they arrive.
    const r = http.request(
      `${c.url}/v1/traces`,
      { method: 'POST', headers: { 'content-type': 'application/x-protobuf' } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    r.on('error', reject);
    for (let i = 0; i < 4; i++) r.write(Buffer.alloc(SMALL_MAX_BODY / 2, 0x0a));
    r.end();
  });

  assert.deepEqual(
    [declared, inflated].map((o) => (o.kind === 'answer' ? o.status : o.kind)),
    [413, 413],
  );
  assert.equal(chunked, 413);
});

/** Paths that try to leave the dashboard's files: encoded, double-encoded, absolute, backslashes. */
const TRAVERSALS = [
  '/..%2f..%2fetc/passwd',
  '/..%2F..%2F..%2Fetc%2Fpasswd',
  '/assets/..%2f..%2f..%2fpackage.json',
  '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
  '/assets/%2e%2e/%2e%2e/package.json',
  '/assets/..%252f..%252fpackage.json',
  '/assets/../../../../etc/passwd',
  '/../../../../etc/passwd',
  '/assets/%2fetc%2fpasswd',
  '/assets//etc/passwd',
  '//etc/passwd',
  '/assets/..%5c..%5cpackage.json',
  '/assets/..\\..\\package.json',
  '/assets/%00../../etc/passwd',
  '/index.html/../../package.json',
  '/assets/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd',
  '/assets/index.html%00.js',
  '/%2e%2e/%2e%2e/collector/package.json',
];

test('the dashboard serves its own files only: traversal attempts get 400 or 404, never file contents', async (t) => {
  const c = await collector(t, null);
  for (const path of TRAVERSALS) {
    const o = await send(c, 'GET', path);
    if (o.kind !== 'answer') {
      // Node's client refuses some paths itself (a backslash is fine, control bytes are not): send raw.
      const raw = await connectRaw(c.url);
      raw.socket.end(`GET ${path} HTTP/1.1\r\nHost: laptime\r\nConnection: close\r\n\r\n`);
      await raw.closed;
      assert.match(raw.received(), /^HTTP\/1\.1 (400|404) /, path);
      continue;
    }
    const text = o.body.toString('latin1');
    assert.ok(o.status === 400 || o.status === 404, `${path}: ${o.status}`);
    assert.doesNotMatch(text, /root:|"name":\s*"@laptime|compilerOptions/, path);
    assert.equal(leakedInternals(o.body), null, path);
  }
});

test('CLI: a series name with ../ or ? is sent as a name, it never changes the route', async (t) => {
  const seen: string[] = [];
  const fake = http.createServer((req, res) => {
    seen.push(req.url ?? '');
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'LT_NOT_FOUND', message: 'no such series' } }));
  });
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  t.after(() => fake.close());
  const url = `http://127.0.0.1:${(fake.address() as { port: number }).port}`;
  const names = [
    '../../metrics',
    '../..',
    'a/../../healthz',
    'x?token=1#frag',
    '%2e%2e/%2e%2e/metrics',
    'GET /cart',
  ];

  for (const name of names) {
    const cli = spawnLaptime(['stats', name, '--url', url, '--json']);
    const exit = await cli.exited;
    assert.equal(exit, 1, `${name}: ${cli.stderr()}`);
    assert.equal(leakedInternals(cli.stderr()), null, cli.stderr());
  }
  const dots = spawnLaptime(['stats', '..', '--url', url]);
  assert.equal(await dots.exited, 1);

  assert.equal(seen.length, names.length, JSON.stringify(seen));
  for (const [i, got] of seen.entries()) {
    const path = got.split('?')[0]!;
    assert.match(path, /^\/api\/stats\/[^/]+$/, got);
    assert.equal(decodeURIComponent(path.slice('/api/stats/'.length)), names[i], got);
  }
});

test('error answers carry a code and never a stack trace', async (t) => {
  const c = await collector(t, null);
  const probes: [string, string, Record<string, string>, Uint8Array | undefined, number][] = [
    ['GET', '/api/spans?limit=abc', {}, undefined, 400],
    ['GET', '/api/spans/abc', {}, undefined, 400],
    ['GET', '/api/stats/%E0%A4%A', {}, undefined, 400],
    ['GET', '/api/stats?from=yesterday', {}, undefined, 400],
    ['GET', '/api/spans/99999999999', {}, undefined, 404],
    ['GET', '/api/traces/zz', {}, undefined, 400],
    ['GET', '/nothing/here', {}, undefined, 404],
    ['POST', '/v1/traces', { 'content-type': 'application/x-protobuf' }, Uint8Array.of(0x0a, 0xff), 400],
    ['POST', '/v1/traces', { 'content-type': 'application/json' }, Buffer.from('{"resourceSpans": ['), 400],
    [
      'POST',
      '/v1/traces',
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      Buffer.from('not gzip'),
      400,
    ],
    ['POST', '/v1/traces', { 'content-type': 'text/plain' }, Buffer.from('x'), 415],
    [
      'POST',
      '/v1/traces',
      { 'content-type': 'application/x-protobuf' },
      Buffer.alloc(SMALL_MAX_BODY + 1),
      413,
    ],
    ['DELETE', '/api/names', {}, undefined, 404],
  ];
  for (const [method, path, headers, body, status] of probes) {
    const o = await send(c, method, path, headers, body);
    assert.equal(o.kind, 'answer', path);
    if (o.kind !== 'answer') continue;
    assert.equal(o.status, status, `${method} ${path}: ${o.body.toString('utf8')}`);
    assert.match(o.body.toString('latin1'), /LT_[A-Z_]+/, `${method} ${path}`);
    assert.equal(leakedInternals(o.body), null, `${method} ${path}: ${o.body.toString('utf8')}`);
  }
});
