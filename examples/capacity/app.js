// A capacity test: simulated users (log in, do something, log out) started at a rising rate, in
// steps, until the system under test saturates. Latency per step comes from Laptime: the system
// under test traces its requests, and each step's percentiles are read back over its time window.
//
//   npm start                                   # the default ramp, under a minute
//   npm start -- --steps 5,10,20 --step-seconds 3 --think-ms 100 --p99-limit-ms 200 --json
//
// Without LAPTIME_URL it runs its own collector, data in ./laptime-data (or LAPTIME_DATA).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { startCollector } from '@laptime/collector';
import { stepLatency } from './laptime-latency.js';
import { reportTable } from './report-table.js';
import { saturationReasons } from './saturation.js';
import { runStep } from './step.js';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '5,10,20,40,80,160' },
    'step-seconds': { type: 'string', default: '5' },
    'think-ms': { type: 'string', default: '200' },
    'p99-limit-ms': { type: 'string', default: '250' },
    json: { type: 'boolean', default: false },
  },
});
const rates = values.steps.split(',').map(Number);
const stepMs = Number(values['step-seconds']) * 1000;
const thinkMs = Number(values['think-ms']);
const p99LimitMs = Number(values['p99-limit-ms']);
if (rates.some((r) => !(r > 0)) || !(stepMs > 0) || !(thinkMs >= 0) || !(p99LimitMs > 0)) {
  console.error(
    'usage: app.js [--steps 5,10,20] [--step-seconds 5] [--think-ms 200] [--p99-limit-ms 250] [--json]',
  );
  process.exit(2);
}

const collector = process.env.LAPTIME_URL
  ? { url: process.env.LAPTIME_URL, close: async () => {} }
  : await startCollector({ dataDir: process.env.LAPTIME_DATA ?? './laptime-data', port: 0 });
const sut = fork(new URL('./sut.js', import.meta.url), {
  env: { ...process.env, LAPTIME_URL: collector.url },
});

/** The next message from the system under test; rejects if it exits first. */
function nextMessage() {
  return Promise.race([
    once(sut, 'message').then(([message]) => message),
    once(sut, 'exit').then(([code]) => {
      throw new Error(`the system under test exited (code ${code})`);
    }),
  ]);
}

/** Has the system under test hand every span it has ended to its exporter (no 5 s batch delay). */
async function flushSut() {
  const flushed = nextMessage();
  sut.send('flush');
  await flushed;
}

const { port } = await nextMessage();
const baseUrl = `http://127.0.0.1:${port}`;

if (!values.json) console.error(`system under test on ${baseUrl}, spans to ${collector.url}`);
const report = { collectorUrl: collector.url, stepMs, thinkMs, p99LimitMs, steps: [], saturated: null };
try {
  for (const [i, usersPerSecond] of rates.entries()) {
    const step = await runStep({ baseUrl, usersPerSecond, stepMs, thinkMs, step: i + 1 });
    await flushSut();
    // One server span per request that got an answer.
    step.routes = await stepLatency(collector.url, step, step.answered);
    report.steps.push(step);
    if (!values.json) console.error(`step ${step.step}: ${usersPerSecond} users/s done`);
    const reasons = saturationReasons(step, p99LimitMs);
    if (reasons.length > 0) {
      report.saturated = { step: step.step, offeredUsersPerSecond: usersPerSecond, reasons };
      break;
    }
  }
} finally {
  if (sut.exitCode === null && sut.signalCode === null) {
    const exited = once(sut, 'exit');
    sut.disconnect();
    await exited;
  }
  await collector.close();
}
console.log(values.json ? JSON.stringify(report, null, 2) : reportTable(report));
