import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import type { SeriesInfo } from '@laptime/store';
import { startCollector } from '../src/server.js';
import { tempDataDir, testCollector } from './support/collector.js';
import { PROTOBUF, eventually, getJson, openUpload } from './support/http.js';
import { protobufBody } from './support/spans.js';

test('close() finishes a request in flight, then checkpoints: the spans are there on restart', async () => {
  // Arrange: an upload under way when the shutdown begins.
  const dataDir = tempDataDir();
  try {
    const first = await testCollector({ dataDir });
    const upload = openUpload(`${first.url}/v1/traces`, { 'content-type': PROTOBUF });
    const body = protobufBody([{ name: 'in-flight' }, { name: 'in-flight' }]);
    upload.write(body.subarray(0, 10));
    await eventually(
      async () => /^laptime_ingest_uploads 1$/m.test(await (await fetch(`${first.url}/metrics`)).text()),
      'the upload is admitted',
    );

    // Act
    const closed = first.close();
    upload.end(body.subarray(10));
    const response = await upload.response;
    await closed;
    const second = await testCollector({ dataDir });
    const { body: names } = await getJson<{ series: SeriesInfo[] }>(`${second.url}/api/names`);
    await second.close();

    // Assert
    assert.equal(response.status, 200);
    assert.deepEqual(names.series, [{ service: 'checkout', name: 'in-flight', count: 2 }]);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a data directory held by another collector is refused with LT_LOCKED', async () => {
  const holder = await testCollector();
  try {
    await assert.rejects(startCollector({ dataDir: holder.dataDir, port: 0 }), { code: 'LT_LOCKED' });
  } finally {
    await holder.dispose();
  }
});

test('a port in use is refused with LT_LISTEN, and the store is released', async () => {
  const holder = await testCollector();
  const dataDir = tempDataDir();
  try {
    await assert.rejects(startCollector({ dataDir, port: holder.port, host: '127.0.0.1' }), {
      code: 'LT_LISTEN',
      message: /in use/,
    });
    const next = await startCollector({ dataDir, port: 0 });
    await next.close();
  } finally {
    await holder.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('an invalid setting from code is refused with LT_CONFIG naming it', async () => {
  await assert.rejects(startCollector({ port: 70_000 }), { code: 'LT_CONFIG', message: /^port: '70000'/ });
  await assert.rejects(startCollector({ maxBody: 0 }), { code: 'LT_CONFIG', message: /^maxBody: / });
});

test('close() twice is one shutdown', async () => {
  const c = await testCollector();

  const [a, b] = [c.close(), c.close()];

  assert.equal(a, b);
  await c.dispose();
});
