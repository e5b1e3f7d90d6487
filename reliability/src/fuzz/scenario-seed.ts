/** The seed of a randomized scenario: `LAPTIME_SEED` when set (to replay a run), else the clock. */
export function scenarioSeed(scenario: string): number {
  const fromEnv = process.env.LAPTIME_SEED;
  const seed = fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) >>> 0 : Date.now() >>> 0;
  console.log(`${scenario}: seed ${seed} (replay with LAPTIME_SEED=${seed})`);
  return seed;
}
