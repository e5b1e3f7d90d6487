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

const collector = await startCollector({ dataDir, port: Number(process.env.LAPTIME_PORT ?? 4318) });
console.log(`Laptime dashboard: ${collector.url}/  (data in ${dataDir})`);

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
