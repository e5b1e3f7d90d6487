import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '@laptime/store';
import { LaptimeSpanExporter } from '../../src/laptime-span-exporter.js';
import { SpanToRow, hrTimeToNanos } from '../../src/embedded/span-to-row.js';
import { exportNow } from '../support/export-now.js';
import { makeRichSpans } from '../support/rich-spans.js';
import { tempDir } from '../support/temp-dir.js';
import { testCollector } from '../support/test-collector.js';

test('embedded mode stores exactly the rows the collector stores for the same spans', async (t) => {
  const spans = makeRichSpans();
  const c = await testCollector();
  const tmp = tempDir();
  const opened: Store[] = [];
  t.after(async () => {
    for (const s of opened) await s.close();
    await c.dispose();
    tmp.remove();
  });
  const remote = new LaptimeSpanExporter({ url: c.url });
  const embedded = new LaptimeSpanExporter({ dataDir: tmp.dir, store: { poolMB: 8 } });

  await exportNow(remote, spans);
  await remote.shutdown();
  await exportNow(embedded, spans);
  await embedded.shutdown();

  const store = await Store.open(tmp.dir, { poolMB: 8 });
  opened.push(store);
  assert.equal(c.collector.store.metrics().rows, spans.length);
  assert.equal(store.metrics().rows, spans.length);
  for (let i = 0; i < spans.length; i++) assert.deepStrictEqual(store.fetch(i), c.collector.store.fetch(i));
});

test('a row keeps exact times, OTLP kinds, typed attributes and the remote-parent flags', () => {
  const [span] = makeRichSpans();

  const row = new SpanToRow().convert(span!);

  assert.equal(row.startTimeUnixNano, 1_763_700_000_123_456_789n);
  assert.equal(row.endTimeUnixNano, 1_763_700_001_000_000_005n);
  assert.equal(row.kind, 2, 'SERVER is 1 in the JS API, 2 in OTLP');
  assert.equal(row.flags, 0x301, 'sampled, is-remote known, parent remote');
  assert.equal(row.traceState, 'vendor=a1,other=b2');
  assert.equal(row.service, 'rich');
  assert.equal(row.scopeName, 'rich-scope');
  assert.equal(row.scopeVersion, '2.3.4');
  assert.equal(row.attributes['retries'], 2n);
  assert.equal(row.attributes['big'], 2n ** 60n);
  assert.equal(row.attributes['ratio'], 0.25);
  assert.ok(Number.isNaN(row.attributes['not.a.number']));
  assert.deepEqual(row.attributes['sizes'], [1n, 2n, 3n]);
  assert.deepEqual(row.attributes['weights'], [1.5, 2n]);
  assert.deepEqual(row.attributes['holes'], ['x', null, 'y']);
  assert.equal(row.droppedAttributesCount, 2);
  assert.equal(row.events.length, 2);
  assert.equal(row.droppedEventsCount, 1);
  assert.equal(row.links.length, 1);
  assert.equal(row.droppedLinksCount, 1);
  assert.equal(row.resource['process.pid'], 4242n);
  assert.equal(row.statusCode, 2);
  assert.equal(row.statusMessage, 'no cart');
});

test('hrTimeToNanos is exact beyond 2^53', () => {
  assert.equal(hrTimeToNanos([9_007_199_254, 740_993_001]), 9_007_199_254_740_993_001n);
});
