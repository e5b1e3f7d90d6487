// `npm run demo`: the Laptime collector, and the express-capture shop with its traffic driver
// sending it realistic mixed traffic (several routes, some slow, some failing), until Ctrl-C.
//
// Environment: LAPTIME_DATA (default ./laptime-data), LAPTIME_PORT (default 4318; 0: any free port).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { startCollector } from '@laptime/collector';

const SHOP_DIR = fileURLToPath(new URL('../express-capture/', import.meta.url));
const dataDir = process.env.LAPTIME_DATA ?? './laptime-data';

const port = Number(process.env.LAPTIME_PORT ?? 4318);
const collector = await startOrReuse();
if (collector === null) process.exitCode = 1;
else runShop(collector);

/** Prints the dashboard's URL and runs the shop against `collector` until Ctrl-C. */
function runShop(collector) {
  console.log(
    `Laptime dashboard: ${collector.url}/  (${collector.close === null ? 'the running collector' : `data in ${dataDir}`})`,
  );

  // The shop runs in its own process, as an app would: auto-instrumentation patches modules as they
  // load, which needs a fresh process started with --import.
  const shop = spawn(process.execPath, ['--import', './tracing.js', 'app.js'], {
    cwd: SHOP_DIR,
    env: { ...process.env, LAPTIME_URL: collector.url, PORT: '0' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  console.log('Ctrl-C to stop');

  let stopping = false;
  async function stop() {
    if (stopping) return;
    stopping = true;
    // The shop stops its traffic, finishes its requests and flushes its spans; then the collector
    // finishes its own requests and checkpoints the store.
    if (shop.exitCode === null && shop.signalCode === null) {
      shop.kill('SIGINT');
      await once(shop, 'exit');
    }
    if (collector.close === null) {
      console.log(`stopped; the collector at ${collector.url} keeps running`);
      return;
    }
    await collector.close();
    console.log(`stopped. Read the data again with: npx laptime stats --data ${dataDir}`);
  }

  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  shop.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`the shop ended on its own (${signal ?? `exit ${code}`})`);
    process.exitCode = 1;
    void stop();
  });
}

/**
 * Our own collector, or, when the data directory or the port is taken by a collector that is
 * already running (`npm start` in another terminal), that one: the demo only adds traffic to it.
 * Anything else is one line on stderr and null.
 */
async function startOrReuse() {
  try {
    const own = await startCollector({ dataDir, port });
    return { url: own.url, close: () => own.close() };
  } catch (err) {
    const running = port === 0 ? null : await readyCollector(`http://127.0.0.1:${port}`);
    if (running !== null && (err.code === 'LT_LOCKED' || err.code === 'LT_LISTEN')) {
      console.log(`a collector is already running at ${running}: the demo sends its traffic there`);
      return { url: running, close: null };
    }
    console.error(`demo: cannot start the collector: ${err.message}`);
    return null;
  }
}

/** `url` when a collector answers 200 on its /readyz there, else null. */
async function readyCollector(url) {
  try {
    const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
    await res.body?.cancel();
    return res.status === 200 ? url : null;
  } catch {
    return null;
  }
}
