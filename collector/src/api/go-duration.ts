/** Durations as Go writes them (`300ms`, `1.5s`, `1h30m`, `250us`), as Tempo and Jaeger clients send them. */

const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
  d: 86_400e9,
};
const PART = /(\d+(?:\.\d+)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d)/y;

/**
 * The duration in nanoseconds, or null when `text` is not one. A bare number is taken in
 * `bareUnit` (Tempo's `step=60` means seconds).
 */
export function parseGoDuration(text: string, bareUnit: 's' | null = null): number | null {
  const v = text.trim();
  if (bareUnit !== null && /^\d+(\.\d+)?$/.test(v)) return Number(v) * UNIT_NS[bareUnit]!;
  PART.lastIndex = 0;
  let total = 0;
  let end = 0;
  for (let m = PART.exec(v); m !== null; m = PART.exec(v)) {
    total += Number(m[1]) * UNIT_NS[m[2]!]!;
    end = PART.lastIndex;
  }
  return end === 0 || end !== v.length ? null : total;
}
