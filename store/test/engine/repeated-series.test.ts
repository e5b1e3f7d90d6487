import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../src/engine/store.js';
import { ErrorCode } from '../../src/errors.js';
import { encodeRows } from '../../src/row/encode-rows.js';
import type { RowBatch } from '../../src/row/types.js';
import { BASE_NS, makeRow, tempDir } from './helpers.js';

const REPLACEMENT = '\ufffd';

/**
 * A batch of four rows of service `svc`: two named `A` and `B` renamed to the lone surrogates
 * U+D800 and U+DC00 (both U+FFFD in UTF-8), two named `ok`. Built past the store's checks, as
 * stores written before names had to be well-formed received them.
 */
function surrogateBatch(): RowBatch {
  const rows = ['A', 'B', 'ok', 'ok'].map((name, i) => makeRow(i, { service: 'svc', name }));
  const batch = encodeRows(rows);
  const renamed: Record<string, string> = { A: '\ud800', B: '\udc00' };
  return { ...batch, strings: batch.strings.map((s) => renamed[s] ?? s) };
}

test('a store holding two names that share one UTF-8 form opens, lists them once and counts both', async () => {
  const dir = tempDir();
  const store = await Store.open(dir);
  await store.append(surrogateBatch(), { validated: true });
  await store.checkpoint();
  await store.close();

  for (let round = 0; round < 2; round++) {
    // Opening again after the merged table was checkpointed must still work.
    const again = await Store.open(dir);
    const series = again.series().filter((s) => s.service === 'svc');
    assert.deepEqual(series.map((s) => [s.name, s.count]).sort(), [
      ['ok', 2],
      [REPLACEMENT, 2],
    ]);
    assert.equal(again.stats(REPLACEMENT, { service: 'svc' }).count, 2);
    assert.equal(again.stats(REPLACEMENT, { service: 'svc', exact: true }).count, 2);
    const fromMs = Number(BASE_NS / 1_000_000n);
    const windowed = again.stats(REPLACEMENT, { service: 'svc', from: fromMs, to: fromMs + 60_000 });
    assert.equal(windowed.count, 2);
    const exactAll = again.statsAll({ service: 'svc', exact: true });
    assert.deepEqual(exactAll.map((s) => [s.name, s.count]).sort(), [
      ['ok', 2],
      [REPLACEMENT, 2],
    ]);
    const found: number[] = [];
    again.scan({ name: REPLACEMENT }, (i) => {
      found.push(i);
    });
    assert.deepEqual(found, [0, 1]);
    assert.equal(again.fetch(1).name, REPLACEMENT);
    await again.checkpoint();
    await again.close();
  }

  const report = await Store.verify(dir);
  assert.deepEqual(report.problems, []);
  assert.equal(report.recounted, true);
  const reader = await Store.openReader(dir);
  assert.equal(reader.stats(REPLACEMENT).count, 2);
  await reader.close();
});

test('rows with lone surrogates in the WAL tail replay into one series', async () => {
  const dir = tempDir();
  const store = await Store.open(dir);
  await store.append(surrogateBatch(), { validated: true });
  await store.checkpoint();
  await store.append(surrogateBatch(), { validated: true });
  await store.close();

  const again = await Store.open(dir);
  assert.equal(again.stats(REPLACEMENT, { service: 'svc' }).count, 4);
  await again.checkpoint();
  await again.close();
  const report = await Store.verify(dir);
  assert.deepEqual(report.problems, []);
});

test('append refuses a lone surrogate in any string with LT_INVALID_ROW', async () => {
  const dir = tempDir();
  const store = await Store.open(dir);
  const base = makeRow(0);
  const cases = [
    { ...base, name: 'a\ud800' },
    { ...base, service: '\udc00' },
    { ...base, traceState: 'k=\ud83d' },
    { ...base, statusMessage: '\udfff' },
    { ...base, attributes: { ['k\ud800']: 1 } },
    { ...base, attributes: { k: 'v\udc00' } },
    { ...base, attributes: { k: ['ok', { deep: '\ud800' }] } },
    { ...base, events: [{ ...base.events[0]!, name: '\ud800' }] },
    { ...base, resource: { 'service.name': '\ud800' } },
    { ...base, scopeName: '\ud800' },
    { ...base, scopeVersion: '\ud800' },
    { ...base, scopeAttributes: { s: '\ud800' } },
  ];
  for (const row of cases) {
    await assert.rejects(store.append([row]), { code: ErrorCode.InvalidRow, message: /surrogate/ });
  }
  const batch = surrogateBatch();
  await assert.rejects(store.append(batch), {
    code: ErrorCode.InvalidRow,
    message: /row 0: name .*surrogate/,
  });
  // A well-formed pair (an emoji) is fine.
  await store.append([{ ...base, name: 'ok \ud83d\ude00' }]);
  assert.equal(store.length, 1);
  await store.close();
});
