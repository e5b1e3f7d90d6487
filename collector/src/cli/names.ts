/** `laptime names`: every series (service, span name) with its lifetime span count. */
import { Command } from 'commander';
import { bySeries } from '../api/series-order.js';
import { ExitCode } from './exit-codes.js';
import { paintFor } from './output/colour.js';
import { renderTable, type Column } from './output/table.js';
import { writeChunk } from './output/write.js';
import { addSourceOptions, openSource, type SourceFlags } from './source/source-options.js';
import type { Verb } from './verb.js';

const COLUMNS: readonly Column[] = [
  { header: 'service', align: 'left' },
  { header: 'name', align: 'left' },
  { header: 'count', align: 'right' },
];

export const namesVerb: Verb = (io, start) => {
  const cmd = new Command('names')
    .description('list the series (service, span name) with their span counts')
    .option('--json', 'print the HTTP API JSON ({"series": [...]})');
  addSourceOptions(cmd).addHelpText(
    'after',
    `
Examples:
  laptime names
  laptime names --json --url http://localhost:4318`,
  );
  return cmd.action((flags: SourceFlags & { json?: boolean }) => {
    start(async () => {
      const source = await openSource(flags, io.env);
      try {
        const series = (await source.names()).sort(bySeries);
        const rows = series.map((s) => [s.service, s.name, String(s.count)]);
        const text =
          flags.json === true
            ? JSON.stringify({ series })
            : series.length === 0
              ? 'no series yet'
              : renderTable(COLUMNS, rows, paintFor(io.stdout.isTTY, io.env)).join('\n');
        await writeChunk(io.stdout, `${text}\n`);
        return ExitCode.Ok;
      } finally {
        await source.close();
      }
    });
  });
};
