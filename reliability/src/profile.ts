import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * How long the suite runs: `quick` inside `npm test`, `full` under `npm run test:reliability`
 * (which sets `LAPTIME_RELIABILITY=full`).
 */
export type Profile = 'quick' | 'full';

/** The profile this process runs under. */
export function profile(): Profile {
  return process.env.LAPTIME_RELIABILITY === 'full' ? 'full' : 'quick';
}

/** Picks the quick or the full size of a scenario, so both live side by side at the call site. */
export function sized<T>(quick: T, full: T): T {
  return profile() === 'full' ? full : quick;
}

/** A scenario's measured figures, keyed by name; values are numbers or short strings. */
export type Figures = Record<string, number | string | boolean>;

/**
 * Prints a scenario's figures as one `figures <scenario> <json>` line (node:test shows it under the
 * test), and when `LAPTIME_RELIABILITY_OUT` names a directory also writes `<scenario>.json` there,
 * so docs/reliability.md can be refreshed from a run.
 */
export function reportFigures(scenario: string, figures: Figures): void {
  const record = { scenario, profile: profile(), at: new Date().toISOString(), ...figures };
  console.log(`figures ${scenario} ${JSON.stringify(record)}`);
  const out = process.env.LAPTIME_RELIABILITY_OUT;
  if (out !== undefined && out !== '') {
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, `${scenario}.json`), `${JSON.stringify(record, null, 2)}\n`);
  }
}
