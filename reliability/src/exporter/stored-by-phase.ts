/** Spans stored per app phase: the app names its spans `<phase>.<what>`. */
import type { Phase } from './outage-messages.js';

/** Stored span counts keyed by phase, from GET /api/names. */
export async function storedByPhase(url: string): Promise<Partial<Record<Phase, number>>> {
  const res = await fetch(`${url}/api/names`);
  if (res.status !== 200) throw new Error(`GET /api/names answered ${res.status}`);
  const body = (await res.json()) as { series: { name: string; count: number }[] };
  const out: Partial<Record<Phase, number>> = {};
  for (const s of body.series) {
    const phase = s.name.split('.')[0] as Phase;
    out[phase] = (out[phase] ?? 0) + s.count;
  }
  return out;
}

/** Every stored span of the app, whatever its phase. */
export function total(byPhase: Partial<Record<Phase, number>>): number {
  return Object.values(byPhase).reduce((a, n) => a + n, 0);
}
