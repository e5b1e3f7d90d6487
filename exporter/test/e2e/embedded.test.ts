import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '@laptime/store';
import { register } from '../../src/register/register.js';
import { FAILURES, NAPS, NAP_MS, runWorkload } from '../support/sample-workload.js';
import { tempDir } from '../support/temp-dir.js';

test('embedded mode: captured functions land in the store with the right counts, durations and errors', async (t) => {
  const tmp = tempDir();
  const opened: Store[] = [];
  t.after(async () => {
    for (const s of opened) await s.close();
    tmp.remove();
  });
  const registration = register({ serviceName: 'checkout', dataDir: tmp.dir, store: { poolMB: 8 } });
  await registration.ready();

  await runWorkload();
  await registration.shutdown();

  const store = await Store.open(tmp.dir, { poolMB: 8 });
  opened.push(store);
  const nap = store.stats('nap', { service: 'checkout' });
  assert.equal(nap.count, NAPS);
  assert.ok(nap.mean >= NAP_MS - 5 && nap.mean <= NAP_MS + 30, `mean of 50 ms naps: ${nap.mean} ms`);
  const failing = store.stats('failing', { service: 'checkout' });
  assert.equal(failing.count, FAILURES);
  assert.equal(failing.errors, FAILURES);

  const rows: number[] = [];
  store.scan({ name: 'failing' }, (i) => void rows.push(i));
  assert.equal(store.fetch(rows[0]!).events[0]!.name, 'exception');
  const [outer] = collect(store, 'outer');
  const inner = collect(store, 'inner');
  assert.equal(inner.length, 2);
  for (const row of inner) assert.deepEqual(row.parentSpanId, outer!.spanId);
});

function collect(store: Store, name: string) {
  const out: ReturnType<Store['fetch']>[] = [];
  store.scan({ name }, (i) => void out.push(store.fetch(i)));
  return out;
}
