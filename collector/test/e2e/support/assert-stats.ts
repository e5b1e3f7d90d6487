/** Compares a Stats object of the API with the figures computed from what was sent. */
import assert from 'node:assert/strict';
import type { StatsJson } from './api-shapes.js';
import { QUANTILES, type ExpectedSeries, type QuantileField } from './expected-stats.js';

/** Relative accuracy of sketched percentiles (API.md: `relativeError` 0.01). */
export const SKETCH_RELATIVE_ERROR = 0.01;
/** Floating-point slack for figures that are exact up to rounding. */
const ROUNDING = 1e-9;
/** firstSeen / lastSeen are unix ms: a fractional start may be truncated or rounded. */
const MS_SLACK = 1;

function close(actual: number, expected: number, what: string, relative = ROUNDING): void {
  const ok = Math.abs(actual - expected) <= relative * Math.max(1, Math.abs(expected));
  assert.ok(ok, `${what}: got ${actual}, expected ${expected} (relative tolerance ${relative})`);
}

/** Milliseconds from the first span start of the whole store to its last: the lifetime `rate` is taken over it. */
export function storeLifetimeMs(series: Iterable<ExpectedSeries>): number {
  const all = [...series];
  return Math.max(...all.map((s) => s.lastStartMs)) - Math.min(...all.map((s) => s.firstStartMs));
}

/**
 * Asserts a lifetime Stats object; `exact` for `exact=true` answers; `lifetimeMs` from
 * {@link storeLifetimeMs}.
 */
export function assertStats(
  actual: StatsJson,
  expected: ExpectedSeries,
  exact: boolean,
  lifetimeMs: number,
): void {
  const what = `${expected.service}/${expected.name}`;
  assert.equal(actual.service, expected.service);
  assert.equal(actual.name, expected.name);
  assert.equal(actual.count, expected.count, `${what} count`);
  assert.equal(actual.errors, expected.errors, `${what} errors`);
  close(actual.errorRate, expected.errors / expected.count, `${what} errorRate`);
  close(actual.mean, expected.mean, `${what} mean`);
  close(actual.min, expected.min, `${what} min`);
  close(actual.max, expected.max, `${what} max`);
  close(actual.stddev, expected.stddev, `${what} stddev`);
  close(actual.stderr, expected.stderr, `${what} stderr`);
  for (const field of Object.keys(QUANTILES) as QuantileField[]) {
    close(
      actual[field],
      expected.quantiles[field],
      `${what} ${field}`,
      exact ? ROUNDING : SKETCH_RELATIVE_ERROR,
    );
  }
  assert.ok(
    Math.abs(actual.firstSeen! - expected.firstStartMs) <= MS_SLACK,
    `${what} firstSeen ${actual.firstSeen}`,
  );
  assert.ok(
    Math.abs(actual.lastSeen! - expected.lastStartMs) <= MS_SLACK,
    `${what} lastSeen ${actual.lastSeen}`,
  );
  // The workload spans more than a second, so the rate is simply count / the store's lifetime
  // (ms of the starts, hence the slack).
  close(actual.rate, expected.count / (lifetimeMs / 1000), `${what} rate`, 1e-3);
  assert.equal(actual.from, null, `${what} from`);
  assert.equal(actual.to, null, `${what} to`);
  assert.equal(actual.exact, exact, `${what} exact`);
  assert.equal(actual.relativeError, exact ? 0 : SKETCH_RELATIVE_ERROR, `${what} relativeError`);
}
