import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LaptimeSpanExporter } from '../../src/laptime-span-exporter.js';
import { DiagCapture } from '../support/diag-capture.js';
import { exportNow } from '../support/export-now.js';
import { freePort } from '../support/free-port.js';
import { makeSpans } from '../support/make-spans.js';
import { testCollector } from '../support/test-collector.js';
import { sleep } from '../support/tracing.js';

const MAX_QUEUE = 100;
const BATCHES = 50;
const BATCH = 10;
/** Longest the test waits for delivery to resume once the collector is up. */
const RESUME_LIMIT_MS = 15_000;

test('collector down, then up: exports stay fast, the queue stays bounded, drops are counted, delivery resumes', async (t) => {
  const diag = new DiagCapture().install();
  const port = await freePort();
  const exporter = new LaptimeSpanExporter({
    url: `http://127.0.0.1:${port}`,
    maxQueueSpans: MAX_QUEUE,
    timeoutMillis: 1000,
  });
  const spans = makeSpans(BATCHES * BATCH);

  // Act 1: the app exports while nothing listens.
  let longestExport = 0;
  let mostQueued = 0;
  for (let b = 0; b < BATCHES; b++) {
    const t0 = performance.now();
    await exportNow(exporter, spans.slice(b * BATCH, (b + 1) * BATCH));
    longestExport = Math.max(longestExport, performance.now() - t0);
    mostQueued = Math.max(mostQueued, exporter.stats().queuedSpans);
  }
  // The first delivery round ends (and reports) once its retries would pass the 1 s timeout.
  const unreachable = (): string[] => diag.at('warn').filter((m) => /cannot reach the collector/.test(m));
  for (let waited = 0; unreachable().length === 0 && waited < 5000; waited += 50) await sleep(50);

  assert.ok(longestExport < 20, `an export took ${longestExport} ms while the collector was down`);
  assert.equal(mostQueued, MAX_QUEUE);
  assert.deepEqual(exporter.stats(), {
    queuedSpans: MAX_QUEUE,
    exportedSpans: 0,
    droppedSpans: BATCHES * BATCH - MAX_QUEUE,
    rejectedSpans: 0,
  });
  assert.equal(diag.at('warn').filter((m) => /dropping the oldest/.test(m)).length, 1, 'drops reported once');
  assert.equal(unreachable().length, 1);

  // Act 2: the collector comes up on that port.
  const c = await testCollector(port);
  t.after(async () => {
    await exporter.shutdown();
    await c.dispose();
    diag.uninstall();
  });
  const deadline = Date.now() + RESUME_LIMIT_MS;
  while (exporter.stats().queuedSpans > 0 && Date.now() < deadline) await sleep(100);

  assert.equal(exporter.stats().exportedSpans, MAX_QUEUE);
  const names = await c.get<{ series: { name: string; count: number }[] }>('/api/names');
  const stored = names.series.map((s) => Number(s.name.slice('span-'.length))).sort((a, b) => a - b);
  // The sender starts after the exporting task, by when the queue held the newest spans only.
  const expected = [...Array(MAX_QUEUE).keys()].map((i) => BATCHES * BATCH - MAX_QUEUE + i);
  assert.deepEqual(stored, expected);
  const recovered = diag.at('warn').filter((m) => /reachable again/.test(m));
  assert.equal(recovered.length, 1);
  assert.match(recovered[0]!, new RegExp(`${BATCHES * BATCH - MAX_QUEUE} spans were dropped`));
});
