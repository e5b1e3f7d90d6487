/** The printed table: absolute figures, ratios, and every goal's verdict in words. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { systemsTable } from '../src/report.js';
import type { SystemResult } from '../src/system-run.js';
import type { SystemName } from '../src/systems/system.js';

/** A result whose figures are all "one unit", scaled where a test needs it. */
function result(system: SystemName, changes: Partial<SystemResult> = {}): SystemResult {
  const timing = { runs: 10, medianMs: 1, p99Ms: 2 };
  const answer = { service: 's', name: 'n', count: 1, mean: 1, p50: 1, p99: 1 };
  return {
    system,
    spans: 200_000,
    ingest: { seconds: 1, spansPerSecond: 100_000, batches: 391 },
    settleSeconds: 0,
    statsOne: { ...timing, answer },
    statsAll: { ...timing, series: 200 },
    exactWindow: { ...timing, answer },
    fetch: timing,
    bytesOnDisk: 500 * 200_000,
    bytesPerSpan: 500,
    memory: { baselineRss: 1, peakRss: 1 },
    notes: {},
    ...changes,
  };
}

describe('systemsTable', () => {
  it('says which goals are met and which are not, with the ratio', () => {
    const { markdown, verdicts } = systemsTable([
      result('laptime', { ingest: { seconds: 1, spansPerSecond: 200_000, batches: 391 } }),
      result('sqlite'),
      result('duckdb', {
        statsOne: { runs: 10, medianMs: 500, p99Ms: 500, answer: result('duckdb').statsOne.answer },
      }),
    ]);
    assert.match(markdown, /NOT met: 2\.00x SQLite \(goal ≥ 3x\)/);
    assert.match(markdown, /met: 2\.00x DuckDB \(goal ≥ 1x\)/);
    assert.match(markdown, /met: 500x DuckDB \(goal ≥ 100x\)/);
    const ingestSqlite = verdicts.find((v) => v.goal.workload === 'ingest' && v.goal.peer === 'sqlite');
    assert.equal(ingestSqlite?.met, false);
  });

  it('counts an exact windowed p99 as tied with DuckDB as not met: the goal is to be faster', () => {
    const { verdicts } = systemsTable([result('laptime'), result('duckdb')]);
    const window = verdicts.find((v) => v.goal.workload === 'exactWindow');
    assert.equal(window?.met, false);
  });

  it('leaves a peer that did not run blank and says its goals were not measured', () => {
    const { markdown } = systemsTable([result('laptime'), result('duckdb')]);
    assert.match(markdown, /not measured: SQLite not run/);
    const ingest = markdown.split('\n').find((l) => l.startsWith('| (1)'))!;
    assert.equal(ingest.split(' | ')[2], '—', 'the SQLite column of the ingest row');
  });
});
