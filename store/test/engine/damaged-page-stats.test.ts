import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { Store } from '../../src/engine/store.js';
import { ErrorCode } from '../../src/errors.js';
import { BASE_NS, damagePage, makeRow, tempDir } from './helpers.js';

const ROWS_PER_SEGMENT = 20_000;

test('an exact window over a damaged page answers from the rest and says what it left out', async () => {
  const dir = tempDir();
  const store = await Store.open(dir, { segmentRows: ROWS_PER_SEGMENT });
  // Two sealed segments of one series, then the start column of the first one damaged.
  for (let k = 0; k < 2; k++) {
    const rows = Array.from({ length: ROWS_PER_SEGMENT }, (_, i) =>
      makeRow(k * ROWS_PER_SEGMENT + i, { service: 's', name: 'n' }),
    );
    for (let i = 0; i < rows.length; i += 5000) await store.append(rows.slice(i, i + 5000));
    await store.checkpoint();
  }
  await store.close();
  damagePage(path.join(dir, 'seg', '0000000000', 'start.col'));

  const again = await Store.open(dir);
  const fromMs = Number(BASE_NS / 1_000_000n);
  const window = { from: fromMs, to: fromMs + 3_600_000 };
  const all = again.statsAll({ ...window, exact: true }).find((s) => s.name === 'n');
  const one = again.stats('n', { ...window, exact: true });

  for (const s of [all!, one]) {
    assert.equal(s.count, ROWS_PER_SEGMENT, 'the second segment is counted');
    assert.equal(s.skipped?.rows, ROWS_PER_SEGMENT);
    assert.match(s.skipped.reasons[0]!, /^segment 0000000000: .*checksum/);
    assert.doesNotMatch(s.skipped.reasons[0]!, new RegExp(dir));
  }
  // Scans that list spans still fail loudly: they promise every match.
  assert.throws(() => again.scan({ name: 'n', from: fromMs }, () => true), { code: ErrorCode.Corrupt });
  await again.close();
});
