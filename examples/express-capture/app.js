// An express shop: auto-instrumentation traces every request (tracing.js), capture() traces the
// shop's own functions (helpers.js). Start it with `npm start` (node --import ./tracing.js app.js).
//
// Environment: PORT (default 3000), LAPTIME_URL (default http://127.0.0.1:4318),
// EXAMPLE_TRAFFIC=0 to serve without the built-in traffic driver, EXAMPLE_DURATION_MS to stop on
// its own after that long (else it runs until Ctrl-C).
import express from 'express';
import { chargeCard, loadCart, PaymentGatewayError, priceItems, searchCatalog } from './helpers.js';
import { driveTraffic } from './traffic.js';
// Already loaded by --import (the same module, not a second set-up): for the shutdown below.
import { laptimeUrl, tracing } from './tracing.js';

const app = express();

app.get('/cart/:userId', async (req, res) => {
  const items = await loadCart(req.params.userId);
  if (items === null) return res.status(404).json({ error: 'no such user' });
  res.json({ items, total: priceItems(items) });
});

app.post('/checkout/:userId', async (req, res) => {
  const items = await loadCart(req.params.userId);
  if (items === null) return res.status(404).json({ error: 'no such user' });
  const { receipt } = await chargeCard(req.params.userId, priceItems(items));
  res.json({ receipt });
});

app.get('/search', async (req, res) => {
  res.json({ results: await searchCatalog(String(req.query.q ?? '')) });
});

// Express 5 passes rejected promises of async handlers here.
app.use((err, _req, res, _next) => {
  res.status(err instanceof PaymentGatewayError ? 502 : 500).json({ error: err.message });
});

// Without a collector the exporter keeps the spans in a bounded queue and retries, silently: say so.
fetch(new URL('/readyz', laptimeUrl)).catch(() => {
  console.warn(`no Laptime collector at ${laptimeUrl}: start one with \`npm start\` at the repository root`);
});

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  const url = `http://127.0.0.1:${server.address().port}`;
  console.log(`shop listening on ${url}`);
  if (process.env.EXAMPLE_TRAFFIC !== '0') {
    console.log('sending traffic to it (Ctrl-C to stop)');
    traffic = driveTraffic(url, trafficStop.signal);
  }
});

const trafficStop = new AbortController();
let traffic = Promise.resolve(null);
let stopping = false;

async function stop() {
  if (stopping) return;
  stopping = true;
  trafficStop.abort();
  const answers = await traffic;
  if (answers !== null) console.log('answers by status:', answers);
  // Lets requests in flight finish, then sends the spans still buffered.
  server.closeIdleConnections();
  await new Promise((resolve) => server.close(resolve));
  await tracing.shutdown();
  console.log('stopped');
}

process.on('SIGINT', stop);
process.on('SIGTERM', stop);
if (process.env.EXAMPLE_DURATION_MS !== undefined) {
  setTimeout(stop, Number(process.env.EXAMPLE_DURATION_MS));
}
