import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../src/engine/store.js';
import { BASE_NS, makeRow, tempDir } from './helpers.js';

const MS = 1_000_000n;

test('percentiles are nearest-rank everywhere: 39 spans of 4 ms and one of 79 ms give p99 = p99.9 = 79 ms', async () => {
  const dir = tempDir();
  const store = await Store.open(dir);
  const rows = Array.from({ length: 40 }, (_, i) =>
    makeRow(i, { service: 'svc', name: 'op', durationNs: (i === 17 ? 79n : 4n) * MS }),
  );
  await store.append(rows);
  const fromMs = Number(BASE_NS / MS);
  const answers = {
    lifetime: store.stats('op'),
    buckets: store.stats('op', { from: fromMs, to: fromMs + 60_000 }),
    exact: store.stats('op', { exact: true }),
    exactWindow: store.stats('op', { from: fromMs, to: fromMs + 60_000, exact: true }),
  };

  for (const [how, s] of Object.entries(answers)) {
    assert.equal(s.count, 40, how);
    const tolerance = s.exact ? 0 : 0.01;
    for (const [q, want] of [
      ['p50', 4],
      ['p90', 4],
      ['p95', 4],
      ['p99', 79],
      ['p999', 79],
    ] as const) {
      assert.ok(Math.abs(s[q] - want) <= want * tolerance, `${how} ${q} = ${s[q]}, want ${want}`);
    }
  }
  await store.close();
});
