/** The order series are listed in: by service, then by name, in code point order (the same on every machine). */
import type { SeriesInfo } from '@laptime/store';

export function bySeries(
  a: Pick<SeriesInfo, 'service' | 'name'>,
  b: Pick<SeriesInfo, 'service' | 'name'>,
): number {
  return compare(a.service, b.service) || compare(a.name, b.name);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
