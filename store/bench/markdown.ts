/** The report of a run as markdown: the machine, then one table row per figure. */
import type { Figure } from './figures.js';
import type { Machine } from './machine.js';

export function machineLine(m: Machine): string {
  const rotational =
    m.disk.rotational === null ? '' : m.disk.rotational ? ', rotational' : ', non-rotational';
  return (
    `${m.cpu}, ${m.cores} cores, ${m.memoryGiB.toFixed(0)} GiB RAM, Node ${m.node}, ${m.os}; ` +
    `disk: ${m.disk.device} (${m.disk.fsType}${rotational}) at ${m.disk.dir}`
  );
}

export function figuresTable(figures: readonly Figure[]): string {
  const rows = [
    '| figure | measured | target | ratio | verdict |',
    '| --- | --- | --- | --- | --- |',
    ...figures.map(
      (f) => `| ${[f.figure, f.measured, f.target, f.ratio, f.verdict].map(cell).join(' | ')} |`,
    ),
  ];
  return rows.join('\n');
}

/** A table cell: pipes escaped. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}
