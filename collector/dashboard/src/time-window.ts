/** The time windows the views offer, as the API's relative `from`. */

export const WINDOWS = ['5m', '1h', '24h', 'all'] as const;
export type TimeWindow = (typeof WINDOWS)[number];

/** The `from` query value of a window (undefined: the whole lifetime). */
export function fromOf(window: TimeWindow): string | undefined {
  return window === 'all' ? undefined : `-${window}`;
}

/** Length of a window in ms (null: all). */
export function windowMs(window: TimeWindow): number | null {
  return { '5m': 300_000, '1h': 3_600_000, '24h': 86_400_000, all: null }[window];
}

/** A `<select>` of the windows, calling `onChange` with the choice. */
export function windowSelect(current: TimeWindow, onChange: (w: TimeWindow) => void): HTMLSelectElement {
  const select = document.createElement('select');
  select.className = 'window-select';
  select.setAttribute('aria-label', 'time window');
  for (const w of WINDOWS)
    select.add(new Option(w === 'all' ? 'all time' : `last ${w}`, w, false, w === current));
  select.addEventListener('change', () => onChange(select.value as TimeWindow));
  return select;
}
