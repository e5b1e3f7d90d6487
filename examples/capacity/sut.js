// The system under test: a small HTTP service with a login (a password hash: CPU), an action (a
// database read and some ranking) and a logout. Each request is a server span named after its
// route; the work inside is traced with capture(). Spans go to the collector at LAPTIME_URL.
//
// Run by app.js as a child process (its own event loop, as a real service would have). It sends
// { port } once listening, answers { flushed: true } to 'flush' once every ended span has reached
// Laptime, and stops when app.js disconnects.
import { randomUUID, pbkdf2 } from 'node:crypto';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { SpanKind, trace } from '@opentelemetry/api';
import { capture, register } from '@laptime/exporter';

/** Password hashing cost: a few milliseconds of CPU per login, as with a real password store. */
const HASH_ITERATIONS = 10_000;
/** Largest request body read. */
const MAX_BODY_BYTES = 16 * 1024;

// The exporter sends to LAPTIME_URL, which app.js sets to its collector.
const tracing = register({ serviceName: 'capacity-sut' });
const hash = promisify(pbkdf2);
const sessions = new Map();

const checkPassword = capture(async function checkPassword(user, password) {
  await hash(password, `salt-${user}`, HASH_ITERATIONS, 32, 'sha256');
});

const loadFeed = capture(async function loadFeed(user) {
  await sleep(5 + Math.random() * 15); // a database read
  return Array.from({ length: 300 }, (_, i) => ({ id: i, score: (user.length * 7919 + i * 104729) % 1000 }));
});

const rankFeed = capture(function rankFeed(feed) {
  return feed.toSorted((a, b) => b.score - a.score).slice(0, 20);
});

const saveLogout = capture(async function saveLogout(token) {
  sessions.delete(token);
  await sleep(2); // a database write
});

/** The routes: each a server span; a throw makes its status ERROR and the answer 500. */
const routes = {
  '/login': capture({ name: 'POST /login', kind: SpanKind.SERVER })(async ({ user, password }) => {
    await checkPassword(user, password);
    const token = randomUUID();
    sessions.set(token, user);
    return { status: 200, body: { token } };
  }),
  '/action': capture({ name: 'POST /action', kind: SpanKind.SERVER })(async (_body, token) => {
    const user = sessions.get(token);
    if (user === undefined) return { status: 401, body: { error: 'not logged in' } };
    return { status: 200, body: { top: rankFeed(await loadFeed(user)) } };
  }),
  '/logout': capture({ name: 'POST /logout', kind: SpanKind.SERVER })(async (_body, token) => {
    await saveLogout(token);
    return { status: 204 };
  }),
};

async function readJson(req) {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > MAX_BODY_BYTES) throw new Error('request body too large');
  }
  return text === '' ? {} : JSON.parse(text);
}

const server = http.createServer(async (req, res) => {
  const route = req.method === 'POST' ? routes[req.url] : undefined;
  if (route === undefined) return res.writeHead(404).end();
  try {
    const { status, body } = await route(await readJson(req), req.headers.authorization);
    res.writeHead(status, { 'content-type': 'application/json' }).end(body && JSON.stringify(body));
  } catch (err) {
    res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: err.message }));
  }
});

server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));

process.on('message', async (message) => {
  if (message !== 'flush') return;
  // The registered provider behind the API's proxy: its forceFlush waits until Laptime has the spans.
  await trace.getTracerProvider().getDelegate().forceFlush();
  process.send({ flushed: true });
});

process.on('disconnect', async () => {
  server.closeAllConnections();
  server.close();
  await tracing.shutdown();
});
