/** Aligned text tables: numbers right-aligned, text left-aligned, a bold header on a terminal. */
import type { Paint } from './colour.js';

export interface Column {
  header: string;
  align: 'left' | 'right';
  /** A fixed width (longer cells are cut with an ellipsis), for tables printed as they stream. */
  width?: number;
}

/** The table's lines (without newlines). Widths count code points, so `µs` aligns. */
export function renderTable(columns: readonly Column[], rows: readonly string[][], paint: Paint): string[] {
  const widths = columns.map(
    (c, i) => c.width ?? Math.max(width(c.header), ...rows.map((r) => width(r[i] ?? ''))),
  );
  const line = (cells: readonly string[]): string =>
    columns
      .map((c, i) => pad(cut(cells[i] ?? '', widths[i]!), widths[i]!, c.align))
      .join('  ')
      .trimEnd();
  return [paint.bold(line(columns.map((c) => c.header))), ...rows.map(line)];
}

function width(s: string): number {
  return [...s].length;
}

function pad(s: string, w: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(w - width(s));
  return align === 'left' ? s + fill : fill + s;
}

function cut(s: string, w: number): string {
  const chars = [...s];
  return chars.length <= w ? s : `${chars.slice(0, w - 1).join('')}…`;
}
