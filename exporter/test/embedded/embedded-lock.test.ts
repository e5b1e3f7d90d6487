import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExportResultCode } from '@opentelemetry/core';
import { LaptimeSpanExporter } from '../../src/laptime-span-exporter.js';
import { exited, runSupportScript, waitForOutput } from '../support/child-process.js';
import { exportNow } from '../support/export-now.js';
import { makeSpans } from '../support/make-spans.js';
import { tempDir } from '../support/temp-dir.js';

test('a second process on the same directory gets a clear error, from ready() and from export', async (t) => {
  const tmp = tempDir();
  const holder = runSupportScript('hold-embedded-store', [tmp.dir]);
  t.after(async () => {
    holder.stdin!.end();
    await exited(holder);
    tmp.remove();
  });
  await waitForOutput(holder, 'ready');

  const exporter = new LaptimeSpanExporter({ dataDir: tmp.dir });

  const expected = {
    code: 'LT_LOCKED',
    message: new RegExp(`${tmp.dir}.*locked by process ${holder.pid}`),
  };
  await assert.rejects(exporter.ready(), expected);
  const result = await exportNow(exporter, makeSpans(1));
  assert.equal(result.code, ExportResultCode.FAILED);
  assert.match(result.error!.message, expected.message);
  assert.equal((result.error as Error & { code?: string }).code, 'LT_LOCKED');
  await exporter.shutdown();
});
