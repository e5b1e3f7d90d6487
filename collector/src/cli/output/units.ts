/** Numbers for people: durations in the unit that reads best, rates and shares. */

const SIGNIFICANT = 3;

/** A duration given in milliseconds, as µs, ms or s with three significant digits. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '-';
  const abs = Math.abs(ms);
  if (abs < 1) return `${round(ms * 1000)} µs`;
  if (abs < 1000) return `${round(ms)} ms`;
  return `${round(ms / 1000)} s`;
}

/** Spans per second. */
export function formatRate(perSecond: number | null): string {
  return perSecond === null || !Number.isFinite(perSecond) ? '-' : `${round(perSecond)}/s`;
}

/** A share in [0, 1] as a percentage. */
export function formatShare(share: number): string {
  return `${round(share * 100)}%`;
}

/** Unix ms as ISO-8601. */
export function formatTime(ms: number | null): string {
  return ms === null || !Number.isFinite(ms) ? '-' : new Date(ms).toISOString();
}

function round(v: number): string {
  if (v === 0) return '0';
  return Number(v.toPrecision(SIGNIFICANT)).toString();
}

/** `1 span`, `3 spans`: a count with its noun. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
