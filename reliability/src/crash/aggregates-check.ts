/** The collector's per-series aggregates (GET /api/stats) against a recount of the rows. */
import { seriesKey, type StoredSpans } from './stored-spans.js';

/** More series than any scenario here creates, so one page of /api/stats holds them all. */
const STATS_LIMIT = 10_000;

/** Series whose aggregate differs from the recount, described; empty when they all agree. */
export async function aggregateMismatches(url: string, stored: StoredSpans): Promise<string[]> {
  const res = await fetch(`${url}/api/stats?limit=${STATS_LIMIT}`);
  if (res.status !== 200) return [`GET /api/stats answered ${res.status}`];
  const body = (await res.json()) as {
    stats: { service: string; name: string; count: number; errors: number }[];
  };
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const s of body.stats) {
    const key = seriesKey(s.service, s.name);
    seen.add(key);
    const recount = stored.series.get(key) ?? { count: 0, errors: 0 };
    if (s.count !== recount.count || s.errors !== recount.errors) {
      problems.push(
        `${s.service}/${s.name}: stats count ${s.count} errors ${s.errors}, rows ${recount.count} errors ${recount.errors}`,
      );
    }
  }
  for (const key of stored.series.keys()) {
    if (!seen.has(key)) problems.push(`${key.replace('\u0000', '/')}: rows but no stats`);
  }
  return problems;
}
