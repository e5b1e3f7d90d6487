/**
 * `laptime export`: every span in index order as JSON lines or CSV, to stdout or a file. Streams
 * a page at a time and waits for the output to drain, so memory stays flat whatever the store's size.
 */
import { once } from 'node:events';
import { createWriteStream, openSync } from 'node:fs';
import { Command, Option } from 'commander';
import { CliFailure } from './cli-failure.js';
import { ExitCode } from './exit-codes.js';
import { CSV_HEADER, csvLine } from './output/csv.js';
import { progressBar } from './output/progress.js';
import { writeChunk } from './output/write.js';
import { addSourceOptions, openSource, type SourceFlags } from './source/source-options.js';
import type { Verb } from './verb.js';

const FORMATS = ['jsonl', 'csv'] as const;

interface ExportFlags extends SourceFlags {
  format: (typeof FORMATS)[number];
  out?: string;
}

export const exportVerb: Verb = (io, start) => {
  const cmd = new Command('export')
    .description('write every span, in index order, as JSON lines (the Span JSON) or CSV')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('jsonl'))
    .option('--out <file>', 'write to this file instead of stdout');
  addSourceOptions(cmd).addHelpText(
    'after',
    `
A progress bar is drawn on stderr when it is a terminal.

Examples:
  laptime export > spans.jsonl
  laptime export --format csv --out spans.csv --data ./laptime-data`,
  );
  return cmd.action((flags: ExportFlags) => {
    start(async () => {
      const out = flags.out === undefined ? io.stdout : openOut(flags.out);
      const source = await openSource(flags, io.env);
      let failure: Error | null = null;
      out.on('error', (err: Error) => (failure = err));
      try {
        const total = (await source.names()).reduce((n, s) => n + s.count, 0);
        const progress = progressBar(io.stderr, total);
        if (flags.format === 'csv') await writeChunk(out, `${CSV_HEADER}\n`);
        let done = 0;
        for await (const page of source.spanPages({})) {
          const lines = page.map(flags.format === 'csv' ? csvLine : (s) => JSON.stringify(s));
          await writeChunk(out, `${lines.join('\n')}\n`);
          if (failure !== null) break;
          done += page.length;
          progress.update(done);
        }
        progress.end();
        if (out !== io.stdout) {
          out.end();
          await once(out, 'finish');
        }
        if (failure !== null)
          throw new CliFailure(`cannot write ${flags.out ?? 'stdout'}: ${(failure as Error).message}`);
        return ExitCode.Ok;
      } finally {
        await source.close();
      }
    });
  });
};

function openOut(file: string): NodeJS.WritableStream {
  try {
    return createWriteStream('', { fd: openSync(file, 'w') });
  } catch (err) {
    throw new CliFailure(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}
