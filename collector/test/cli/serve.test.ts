import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import type { SeriesInfo } from '@laptime/store';
import { tempDataDir } from '../support/collector.js';
import { PROTOBUF, eventually, getJson, openUpload, sendSpans } from '../support/http.js';
import { spawnLaptime, type LaptimeProcess } from '../support/laptime-process.js';
import { protobufBody } from '../support/spans.js';

const STARTED = /listening on (http:\/\/\S+), data in (\S+)/;

async function serve(dataDir: string, extra: string[] = []): Promise<{ p: LaptimeProcess; url: string }> {
  const p = spawnLaptime(['serve', '--port', '0', '--data', dataDir, ...extra]);
  const m = await p.waitFor(STARTED);
  return { p, url: m[1]! };
}

/** One line on stderr, without a stack trace. */
function assertOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, stderr);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(stderr, /^\s+at /m);
}

test('serve stops on SIGTERM with exit 0 after a checkpoint; the spans are there on restart', async () => {
  const dataDir = tempDataDir();
  try {
    // Arrange
    const first = await serve(dataDir);
    await sendSpans(first.url, [{ name: 'kept' }, { name: 'kept' }]);

    // Act
    first.p.child.kill('SIGTERM');
    const code = await first.p.exited;
    const second = await serve(dataDir);
    const { body } = await getJson<{ series: SeriesInfo[] }>(`${second.url}/api/names`);
    second.p.child.kill('SIGINT');

    // Assert
    assert.equal(code, 0, first.p.stderr());
    assert.match(first.p.stderr(), new RegExp(`data in ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.deepEqual(body.series, [{ service: 'checkout', name: 'kept', count: 2 }]);
    assert.equal(await second.p.exited, 0, second.p.stderr());
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a second SIGINT forces the exit while a request is still in flight', async () => {
  const dataDir = tempDataDir();
  try {
    // Arrange: an upload that never ends keeps the graceful shutdown waiting.
    const { p, url } = await serve(dataDir);
    const upload = openUpload(`${url}/v1/traces`, { 'content-type': PROTOBUF });
    upload.write(protobufBody([{ name: 'never' }]).subarray(0, 4));
    upload.response.catch(() => undefined);
    await eventually(
      async () => /^laptime_ingest_queue_requests 1$/m.test(await (await fetch(`${url}/metrics`)).text()),
      'the upload is admitted',
    );

    // Act
    p.child.kill('SIGINT');
    await p.waitFor(/finishing requests in flight/);
    p.child.kill('SIGINT');
    const code = await p.exited;

    // Assert
    assert.equal(code, 1);
    assert.match(p.stderr(), /SIGINT again/);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a data directory in use by another collector: one line, exit 1', async () => {
  const dataDir = tempDataDir();
  try {
    const holder = await serve(dataDir);

    const second = spawnLaptime(['serve', '--port', '0', '--data', dataDir]);
    const code = await second.exited;
    holder.p.child.kill('SIGTERM');
    await holder.p.exited;

    assert.equal(code, 1);
    assertOneLine(second.stderr(), /^laptime: /);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a port in use: one line, exit 1', async () => {
  const [a, b] = [tempDataDir(), tempDataDir()];
  try {
    const holder = await serve(a);
    const port = new URL(holder.url).port;

    const second = spawnLaptime(['serve', '--port', port, '--data', b]);
    const code = await second.exited;
    holder.p.child.kill('SIGTERM');
    await holder.p.exited;

    assert.equal(code, 1);
    assertOneLine(second.stderr(), /^laptime: cannot listen on 127\.0\.0\.1:\d+: the address is in use/);
  } finally {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
});

test('a bad configuration value, from a flag or the environment, is bad usage: one line naming it, exit 2', async () => {
  const badEnv = spawnLaptime(['serve'], { LAPTIME_MAX_BODY: 'lots' });
  const badFlag = spawnLaptime(['serve', '--pool-mb', 'many']);
  const unknown = spawnLaptime(['serve', '--colour']);

  const codes = await Promise.all([badEnv.exited, badFlag.exited, unknown.exited]);

  assert.deepEqual(codes, [2, 2, 2]);
  assertOneLine(badEnv.stderr(), /^laptime: LAPTIME_MAX_BODY: 'lots' is not a size/);
  assertOneLine(badFlag.stderr(), /^laptime: --pool-mb: 'many'/);
  assertOneLine(unknown.stderr(), /^laptime: unknown option '--colour'/);
});
