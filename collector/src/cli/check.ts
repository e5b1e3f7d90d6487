/**
 * `laptime check`: verifies a data directory (page checksums, row structure, aggregates against a
 * recount) read-only, safe beside a running collector; exit 1 naming each problem.
 */
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { Store } from '@laptime/store';
import { CliFailure } from './cli-failure.js';
import { ExitCode } from './exit-codes.js';
import { paintFor } from './output/colour.js';
import { plural } from './output/units.js';
import { writeChunk } from './output/write.js';
import { DEFAULT_DATA_DIR } from './source/source-options.js';
import type { Verb } from './verb.js';

export const checkVerb: Verb = (io, start) => {
  const cmd = new Command('check')
    .description('verify a data directory: checksums, rows, aggregates against a recount')
    .option('--data <dir>', 'the data directory', DEFAULT_DATA_DIR)
    .option('--json', 'print the verification report as JSON')
    .addHelpText(
      'after',
      `
Exit code 0 when the store is sound, 1 when something is damaged (each problem is listed).

Examples:
  laptime check
  laptime check --data /var/lib/laptime --json`,
    );
  return cmd.action((flags: { data: string; json?: boolean }) => {
    start(async () => {
      if (!existsSync(flags.data)) throw new CliFailure(`no data directory at ${flags.data}`);
      const report = await Store.verify(flags.data);
      const checkpoint = Store.checkpointStatusOf(flags.data);
      const paint = paintFor(io.stdout.isTTY, io.env);
      const lines =
        flags.json === true
          ? [JSON.stringify({ ...report, checkpoint })]
          : [
              `${report.ok ? paint.green('ok') : paint.red('damaged')}: ${report.dir}`,
              `  ${plural(report.rows, 'row')} in ${plural(report.segments, 'segment')}; checked ` +
                `${plural(report.pagesChecked, 'page')}, ${plural(report.rowsChecked, 'row')}` +
                (report.recounted ? `, ${report.seriesChecked} series (aggregates recounted)` : ''),
              ...(report.ok ? [] : [`${plural(report.problems.length, 'problem')}:`]),
              ...report.problems.map((p) => `  ${p.where}: ${p.what}`),
              ...(checkpoint === null ? [] : [checkpointLine(checkpoint, (t) => paint.red(t))]),
            ];
      await writeChunk(io.stdout, `${lines.join('\n')}\n`);
      return report.ok ? ExitCode.Ok : ExitCode.Failed;
    });
  });
};

/** A writer's failing checkpoints: not damage (the WAL keeps every row), but the WAL grows. */
function checkpointLine(
  s: NonNullable<ReturnType<typeof Store.checkpointStatusOf>>,
  red: (text: string) => string,
): string {
  const since =
    s.lastSuccessAt === null ? 'none since it started' : `last at ${new Date(s.lastSuccessAt).toISOString()}`;
  const error = s.lastError === null ? '' : `: ${s.lastError.code} ${s.lastError.message}`;
  return `${red('checkpoints failing')} in the writer (pid ${s.pid}): ${s.consecutiveFailures} in a row (${since})${error}`;
}
