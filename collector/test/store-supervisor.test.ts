import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FaultyDisk, nodeDisk } from '@laptime/store';
import { testCollector } from './support/collector.js';
import { eventually, getJson, postTraces } from './support/http.js';
import { protobufBody, type TestSpan } from './support/spans.js';

function spans(name: string, n: number): TestSpan[] {
  return Array.from({ length: n }, () => ({ name }));
}

test('after a failed WAL fsync the collector reopens its store by itself once the disk works again', async () => {
  // Arrange: a collector whose disk fails every WAL fsync until the test heals it.
  const disk = new FaultyDisk(nodeDisk);
  const logged: string[] = [];
  const collector = await testCollector({}, { storeOptions: { disk }, log: (line) => logged.push(line) });
  const first = collector.store;
  try {
    assert.equal((await postTraces(collector.url, protobufBody(spans('before', 5)))).status, 200);
    // A WAL whose fsync fails, and which cannot be opened again until the disk is healed.
    const wal = `${path.sep}wal${path.sep}`;
    const healFsync = disk.inject({ op: 'fsync', pathIncludes: wal, error: 'EIO' });
    const healOpen = disk.inject({ op: 'open', pathIncludes: wal, error: 'EIO' });

    // Act: the append whose fsync fails makes the store unusable.
    const failed = await postTraces(collector.url, protobufBody(spans('lost', 3)));

    // Assert: refused, unready with the reason, and recovery attempts logged meanwhile.
    assert.ok(failed.status >= 500, `answered ${failed.status}`);
    const unready = await getJson(`${collector.url}/readyz`);
    assert.equal(unready.status, 503);
    assert.match(unready.body.error.message, /store failed/);
    const refused = await postTraces(collector.url, protobufBody(spans('refused', 2)));
    assert.equal(refused.status, 503);
    assert.ok(refused.headers.get('retry-after') !== null);
    await eventually(
      () => Promise.resolve(logged.some((l) => /reopening the store failed \(attempt 1\)/.test(l))),
      'a failed reopen attempt is logged',
    );
    healFsync();
    healOpen();
    await eventually(
      async () => (await getJson(`${collector.url}/readyz`)).status === 200,
      'ready again',
      15_000,
    ).catch((e: Error) => {
      throw new Error(e.message + logged.join('\n'));
    });
    assert.notEqual(collector.store, first, 'a reopened store is in use');
    assert.equal((await postTraces(collector.url, protobufBody(spans('after', 4)))).status, 200);
    const names = await getJson<{ series: { name: string; count: number }[] }>(`${collector.url}/api/names`);
    const count = (name: string): number => names.body.series.find((s) => s.name === name)?.count ?? 0;
    assert.equal(count('before'), 5, 'every span acknowledged before the failure is kept');
    assert.equal(count('after'), 4);
    const metrics = await (await fetch(`${collector.url}/metrics`)).text();
    assert.match(metrics, /^laptime_store_recoveries_total [1-9]\d*$/m);
    assert.ok(
      logged.some((l) => /reopening it from disk/.test(l)),
      logged.join('\n'),
    );
    assert.ok(logged.some((l) => /store reopened \(attempt \d+\)/.test(l)));
  } finally {
    await collector.dispose();
  }
});

test('/readyz shows a failing checkpoint while ingest goes on', async () => {
  const disk = new FaultyDisk(nodeDisk);
  const collector = await testCollector({}, { storeOptions: { disk }, log: () => undefined });
  try {
    assert.equal((await postTraces(collector.url, protobufBody(spans('ck', 3)))).status, 200);
    disk.inject({ op: 'rename', pathIncludes: 'MANIFEST', error: 'EIO' });
    await assert.rejects(collector.store.checkpoint(), { code: 'LT_IO' });
    const ready = await getJson<{
      status: string;
      checkpoint: { consecutiveFailures: number; lastError: { code: string } };
    }>(`${collector.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.equal(ready.body.checkpoint.consecutiveFailures, 1);
    assert.equal(ready.body.checkpoint.lastError.code, 'LT_IO');
    const metrics = await (await fetch(`${collector.url}/metrics`)).text();
    assert.match(metrics, /^laptime_checkpoint_failures_total 1$/m);
    disk.clear();
  } finally {
    await collector.dispose();
  }
});
