/**
 * The container image for real, with podman (`npm run test:docker`; needs root, podman, buildah,
 * debootstrap: docker/scripts/ci-setup.sh installs them). Builds the image on a local stand-in for
 * the official base image (docker/scripts/base-image.sh, cached), runs it on a volume, sends spans,
 * stops it with SIGTERM, and finds the same stats in a new container on the same volume. The
 * example app of compose.yaml runs beside it and its spans must arrive.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { URL, fileURLToPath } from 'node:url';
import { freePort, readStats, sendSpans, waitForHealthz } from './support/collector-client.mjs';
import { createPodmanSandbox, runCommand } from './support/podman.mjs';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BASE_IMAGE_SCRIPT = fileURLToPath(new URL('../scripts/base-image.sh', import.meta.url));
/** Longest a container may take from `podman run` to a healthy /healthz. */
const START_LIMIT_MILLIS = 60_000;
/** `podman stop -t`: seconds between SIGTERM and SIGKILL. A clean stop must finish well before. */
const STOP_TIMEOUT_SECONDS = 10;
/** Traffic sent to the collector: modest, the point is durability across a restart, not speed. */
const TRAFFIC = { rate: 2000, seconds: 2, batch: 200 };
/** How long the example app may take to get its first spans into the collector. */
const APP_SPANS_LIMIT_MILLIS = 30_000;

const run = randomUUID().slice(0, 8);
const image = `localhost/laptime-test:${run}`;
const appImage = `localhost/laptime-example-app-test:${run}`;
const volume = `laptime-test-data-${run}`;
/** @type {Awaited<ReturnType<typeof createPodmanSandbox>>} */
let sandbox;

/** Runs `step` and reports how long it took. */
async function timed(t, label, step) {
  const started = performance.now();
  const result = await step();
  t.diagnostic(`${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** Starts the collector image on the test volume; resolves with its name and URL once healthy. */
async function startCollector(name) {
  const port = await freePort();
  await sandbox.podman(
    'run',
    '--detach',
    '--name',
    name,
    '-p',
    `127.0.0.1:${port}:4318`,
    '-v',
    `${volume}:/data`,
    image,
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHealthz(url, START_LIMIT_MILLIS);
  return url;
}

/** Sends SIGTERM through `podman stop` and resolves with the exit code, logs and seconds taken. */
async function stopContainer(name) {
  const started = performance.now();
  await sandbox.podman('stop', '--time', String(STOP_TIMEOUT_SECONDS), name);
  const seconds = (performance.now() - started) / 1000;
  const exitCode = Number(await sandbox.podman('inspect', '--format', '{{.State.ExitCode}}', name));
  const { stdout, stderr } = await sandbox.tryPodman('logs', name);
  return { exitCode, seconds, logs: stdout + stderr };
}

before(async () => {
  sandbox = await createPodmanSandbox();
  const base = await runCommand('bash', [BASE_IMAGE_SCRIPT]);
  if (base.code !== 0) throw new Error(`base-image.sh failed: ${base.stderr}`);
  await sandbox.podman('load', '--quiet', '--input', base.stdout.trim());
});

after(async () => {
  await sandbox?.destroy();
});

test('the image builds from the Dockerfile, for the collector and for the example app', async (t) => {
  const build = (...args) =>
    sandbox.podman(
      'build',
      '--isolation',
      'chroot',
      '--format',
      'docker',
      '-f',
      'docker/Dockerfile',
      ...args,
      REPO_ROOT,
    );
  await timed(t, 'build collector image', () => build('-t', image));
  await timed(t, 'build example-app image', () => build('--target', 'example-app', '-t', appImage));
  const [inspected] = JSON.parse(await sandbox.podman('image', 'inspect', image));
  const { Config: config, Healthcheck: healthcheck } = inspected;
  t.diagnostic(`collector image size: ${(inspected.Size / 1e6).toFixed(0)} MB`);
  assert.equal(config.User, 'node');
  assert.ok(config.Env.includes('LAPTIME_HOST=0.0.0.0'), `Env: ${config.Env}`);
  assert.ok(config.Env.includes('LAPTIME_DATA=/data'), `Env: ${config.Env}`);
  assert.ok('/data' in config.Volumes, `Volumes: ${JSON.stringify(config.Volumes)}`);
  assert.ok('4318/tcp' in config.ExposedPorts, `ExposedPorts: ${JSON.stringify(config.ExposedPorts)}`);
  assert.deepEqual(healthcheck?.Test?.slice(0, 3), ['CMD', 'node', '-e'], 'a HEALTHCHECK without curl');
});

test('the container serves, keeps its data through a SIGTERM stop, and serves it again', async (t) => {
  await sandbox.podman('volume', 'create', volume);
  const first = `laptime-${run}-1`;
  const url = await timed(t, 'start until /healthz answers', () => startCollector(first));
  await timed(t, 'podman healthcheck run', () => sandbox.podman('healthcheck', 'run', first));
  assert.equal(await sandbox.podman('exec', first, 'id', '-u'), '1000', 'the collector runs as uid 1000');

  const app = `laptime-app-${run}`;
  // The app shares the collector's network namespace, so it finds it at 127.0.0.1:4318.
  await sandbox.podman(
    'run',
    '--detach',
    '--name',
    app,
    '--network',
    `container:${first}`,
    '-e',
    'LAPTIME_URL=http://127.0.0.1:4318',
    appImage,
  );
  await timed(t, 'example app spans arrive', async () => {
    const deadline = Date.now() + APP_SPANS_LIMIT_MILLIS;
    while (!(await readStats(url)).some((s) => s.service === 'example-app' && s.name === 'checkout')) {
      assert.ok(Date.now() < deadline, 'no checkout span from the example app');
      await sleep(500);
    }
  });
  const appStop = await stopContainer(app);
  assert.equal(appStop.exitCode, 0, `example app exit code; logs:\n${appStop.logs}`);

  const sent = await timed(t, 'send spans with laptime load', () => sendSpans(url, TRAFFIC));
  const before = await readStats(url);
  const loadSpans = before.filter((s) => s.service !== 'example-app').reduce((sum, s) => sum + s.count, 0);
  assert.equal(loadSpans, sent, 'every acknowledged span is counted');

  const stop = await timed(t, 'podman stop (SIGTERM)', () => stopContainer(first));
  assert.equal(stop.exitCode, 0, `exit code after SIGTERM; logs:\n${stop.logs}`);
  assert.ok(stop.seconds < STOP_TIMEOUT_SECONDS, `stopped in ${stop.seconds} s, before the SIGKILL deadline`);
  assert.match(stop.logs, /SIGTERM: finishing requests in flight and checkpointing/);
  assert.match(stop.logs, /laptime: stopped/);

  const second = `laptime-${run}-2`;
  const againUrl = await timed(t, 'start again on the same volume', () => startCollector(second));
  assert.deepEqual(await readStats(againUrl), before);
  const secondStop = await stopContainer(second);
  assert.equal(secondStop.exitCode, 0, `exit code of the second container; logs:\n${secondStop.logs}`);
});
