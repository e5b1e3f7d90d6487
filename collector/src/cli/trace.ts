/** `laptime trace <traceId>`: a trace as a waterfall in the terminal, or its JSON. */
import { Command } from 'commander';
import { ExitCode } from './exit-codes.js';
import { traceIdHex } from './option-values.js';
import { paintFor } from './output/colour.js';
import { formatDuration, formatTime, plural } from './output/units.js';
import { DEFAULT_BAR_WIDTH, waterfallLines } from './output/waterfall.js';
import { writeChunk } from './output/write.js';
import { addSourceOptions, openSource, type SourceFlags } from './source/source-options.js';
import type { Verb } from './verb.js';

/** Columns taken by the offset, duration and label columns before the bar. */
const BAR_OFFSET = 72;
const MIN_BAR_WIDTH = 10;

export const traceVerb: Verb = (io, start) => {
  const cmd = new Command('trace')
    .description('print a trace as a waterfall: every span with its offset, duration and bar')
    .argument('<traceId>', 'the trace id (32 hex digits)')
    .option('--json', 'print the HTTP API JSON ({"traceId", "spans": [Span]})');
  addSourceOptions(cmd).addHelpText(
    'after',
    `
Examples:
  laptime trace 5b8efff798038103d269b633813fc60c
  laptime trace 5b8efff798038103d269b633813fc60c --url http://localhost:4318`,
  );
  return cmd.action((traceIdText: string, flags: SourceFlags & { json?: boolean }) => {
    let traceId: string;
    try {
      traceId = traceIdHex(traceIdText);
    } catch {
      cmd.error(`trace id '${traceIdText}' is not 32 hex digits`, { exitCode: ExitCode.Usage });
    }
    start(async () => {
      const source = await openSource(flags, io.env);
      try {
        const trace = await source.trace(traceId);
        if (flags.json === true) {
          await writeChunk(io.stdout, `${JSON.stringify(trace)}\n`);
          return ExitCode.Ok;
        }
        const paint = paintFor(io.stdout.isTTY, io.env);
        const columns = (io.stdout as { columns?: number }).columns;
        const barWidth =
          columns === undefined ? DEFAULT_BAR_WIDTH : Math.max(MIN_BAR_WIDTH, columns - BAR_OFFSET);
        const { spans } = trace;
        const services = new Set(spans.map((s) => s.service)).size;
        const errors = spans.filter((s) => s.status.code === 'error').length;
        const first = spans.reduce((a, s) =>
          BigInt(s.startTimeUnixNano) < BigInt(a.startTimeUnixNano) ? s : a,
        );
        const end = spans.reduce(
          (m, s) => (BigInt(s.endTimeUnixNano) > m ? BigInt(s.endTimeUnixNano) : m),
          0n,
        );
        const total = Number(end - BigInt(first.startTimeUnixNano)) / 1e6;
        const lines = [
          `trace ${trace.traceId}: ${plural(spans.length, 'span')}, ${plural(services, 'service')}, ` +
            `${formatDuration(total)}, ${plural(errors, 'error')}, started ${formatTime(Number(BigInt(first.startTimeUnixNano) / 1_000_000n))}`,
          ...waterfallLines(spans, barWidth, paint),
        ];
        if (source.url !== null) lines.push(`open in the dashboard: ${source.url}/#/trace/${trace.traceId}`);
        await writeChunk(io.stdout, `${lines.join('\n')}\n`);
        return ExitCode.Ok;
      } finally {
        await source.close();
      }
    });
  });
};
