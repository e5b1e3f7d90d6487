/**
 * The host's side of the container test: a free port, waiting for /healthz, reading /api/stats, and
 * sending spans with the `laptime load` CLI of this checkout (compiled, or from source under tsx
 * when dist/ is not built).
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { execPath } from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { URL, fileURLToPath } from 'node:url';
import { runCommand } from './podman.mjs';

const CLI_DIST = fileURLToPath(new URL('../../../collector/dist/src/bin/laptime.js', import.meta.url));
const CLI_SOURCE = fileURLToPath(new URL('../../../collector/src/bin/laptime.ts', import.meta.url));
/** How often to ask /healthz while the container starts. */
const POLL_MILLIS = 250;

/** A TCP port free on 127.0.0.1 right now, for `podman run -p 127.0.0.1:PORT:4318`. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Resolves once `GET <url>/healthz` answers 200; rejects after `limitMillis`. */
export async function waitForHealthz(url, limitMillis) {
  const deadline = Date.now() + limitMillis;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(POLL_MILLIS * 4) });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await sleep(POLL_MILLIS);
  }
  throw new Error(`${url}/healthz not healthy within ${limitMillis} ms (last: ${last})`);
}

/** Every series' stats, as `GET /api/stats` returns them. */
export async function readStats(url) {
  const response = await fetch(`${url}/api/stats`);
  if (!response.ok) throw new Error(`GET ${url}/api/stats answered ${response.status}`);
  return (await response.json()).stats;
}

/**
 * Sends spans over OTLP/HTTP protobuf with `laptime load` and returns how many the collector
 * acknowledged (acknowledged requests times the batch size).
 * @param {string} url @param {{ rate: number, seconds: number, batch: number }} traffic
 */
export async function sendSpans(url, { rate, seconds, batch }) {
  const cli = existsSync(CLI_DIST) ? [CLI_DIST] : ['--conditions=development', '--import', 'tsx', CLI_SOURCE];
  const args = [
    ...cli,
    'load',
    '--url',
    url,
    '--rate',
    String(rate),
    '--ramp',
    '1s',
    '--duration',
    `${seconds}s`,
    '--clients',
    '2',
    '--batch',
    String(batch),
    '--json',
  ];
  const { code, stdout, stderr } = await runCommand(execPath, args);
  if (code !== 0) throw new Error(`laptime load exited ${code}: ${stderr}`);
  const steps = stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
  for (const step of steps) {
    if (step.errors + step.throttled + step.unavailable > 0) {
      throw new Error(`laptime load saw failures: ${JSON.stringify(step)}`);
    }
  }
  return steps.reduce((sum, step) => sum + step.acknowledged, 0) * batch;
}
