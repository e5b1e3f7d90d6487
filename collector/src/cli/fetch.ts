/**
 * `laptime fetch <index>`: one span by its global row index. `laptime fetch all`: every matching
 * span in index order, streamed a page at a time (a table for people, one Span JSON per line).
 */
import { Command, Option } from 'commander';
import type { SpanJson } from '../api/span-json.js';
import { ExitCode } from './exit-codes.js';
import { positiveInteger } from './option-values.js';
import { paintFor, type Paint } from './output/colour.js';
import { renderTable, type Column } from './output/table.js';
import { formatDuration, formatTime } from './output/units.js';
import { writeChunk } from './output/write.js';
import type { Source } from './source/source.js';
import { addSourceOptions, openSource, type SourceFlags } from './source/source-options.js';
import type { CliIo, Verb } from './verb.js';

interface FetchFlags extends SourceFlags {
  json?: boolean;
  limit?: number;
  name?: string;
  service?: string;
}

const LIST_COLUMNS: readonly Column[] = [
  { header: 'index', align: 'right', width: 10 },
  { header: 'service', align: 'left', width: 16 },
  { header: 'name', align: 'left', width: 36 },
  { header: 'duration', align: 'right', width: 9 },
  { header: 'status', align: 'left', width: 6 },
  { header: 'start', align: 'left', width: 24 },
];
const NS_PER_MS = 1_000_000n;

export const fetchVerb: Verb = (io, start) => {
  const cmd = new Command('fetch')
    .description('print a span by its global row index, or every span with "all"')
    .argument('<index>', 'a row index, or "all"')
    .option('--json', 'print the HTTP API Span JSON (one per line for "all")')
    .addOption(new Option('--limit <n>', 'with "all": at most this many spans').argParser(positiveInteger))
    .option('--name <name>', 'with "all": only spans of this name')
    .option('--service <service>', 'with "all": only spans of this service');
  addSourceOptions(cmd).addHelpText(
    'after',
    `
Examples:
  laptime fetch 0
  laptime fetch 42 --json --url http://localhost:4318
  laptime fetch all --limit 20 --service checkout --data ./laptime-data`,
  );
  return cmd.action((index: string, flags: FetchFlags) => {
    const all = index === 'all';
    if (!all && !/^\d+$/.test(index))
      cmd.error(`error: index '${index}' is neither a row index (0, 1, ...) nor "all"`, {
        exitCode: ExitCode.Usage,
      });
    if (!all && (flags.limit !== undefined || flags.name !== undefined || flags.service !== undefined))
      cmd.error('error: --limit, --name and --service go with "fetch all"', { exitCode: ExitCode.Usage });
    start(async () => {
      const source = await openSource(flags, io.env);
      try {
        if (all) await printAll(io, source, flags);
        else await printOne(io, source, Number(index), flags.json === true);
        return ExitCode.Ok;
      } finally {
        await source.close();
      }
    });
  });
};

async function printOne(io: CliIo, source: Source, index: number, json: boolean): Promise<void> {
  const span = await source.span(index);
  const text = json ? JSON.stringify(span) : spanBlock(span, paintFor(io.stdout.isTTY, io.env)).join('\n');
  await writeChunk(io.stdout, `${text}\n`);
}

async function printAll(io: CliIo, source: Source, flags: FetchFlags): Promise<void> {
  const paint = paintFor(io.stdout.isTTY, io.env);
  const filter = {
    ...(flags.name === undefined ? {} : { name: flags.name }),
    ...(flags.service === undefined ? {} : { service: flags.service }),
  };
  let left = flags.limit ?? Infinity;
  if (flags.json !== true) await writeChunk(io.stdout, `${renderTable(LIST_COLUMNS, [], paint)[0]}\n`);
  for await (const page of source.spanPages(filter)) {
    const spans = page.length > left ? page.slice(0, left) : page;
    left -= spans.length;
    const lines = flags.json === true ? spans.map((s) => JSON.stringify(s)) : listLines(spans, paint);
    await writeChunk(io.stdout, `${lines.join('\n')}\n`);
    if (left === 0) return;
  }
}

function listLines(spans: readonly SpanJson[], paint: Paint): string[] {
  const rows = spans.map((s) => [
    String(s.index),
    s.service,
    s.name,
    formatDuration(s.duration),
    s.status.code,
    formatTime(startMs(s)),
  ]);
  return renderTable(LIST_COLUMNS, rows, paint)
    .slice(1)
    .map((line, i) => (spans[i]!.status.code === 'error' ? paint.red(line) : line));
}

function startMs(s: SpanJson): number {
  return Number(BigInt(s.startTimeUnixNano) / NS_PER_MS);
}

/** One span as `key  value` lines, maps indented below their key. */
function spanBlock(s: SpanJson, paint: Paint): string[] {
  const status = s.status.message === '' ? s.status.code : `${s.status.code}: ${s.status.message}`;
  const lines: [string, string][] = [
    ['index', String(s.index)],
    ['service', s.service],
    ['name', s.name],
    ['kind', s.kind],
    ['duration', formatDuration(s.duration)],
    ['status', s.status.code === 'error' ? paint.red(status) : status],
    ['start', `${formatTime(startMs(s))} (${s.startTimeUnixNano} ns)`],
    ['trace', s.traceId],
    ['span', s.spanId],
    ['parent', s.parentSpanId ?? '- (root)'],
    ['flags', String(s.flags)],
    ['scope', `${s.scope.name} ${s.scope.version}`.trim()],
  ];
  if (s.traceState !== '') lines.push(['traceState', s.traceState]);
  const out = lines.map(([k, v]) => `${paint.bold(k.padEnd(11))}${v}`);
  const map = (title: string, obj: Record<string, unknown>): void => {
    const keys = Object.keys(obj);
    if (keys.length === 0) return;
    out.push(paint.bold(title));
    for (const k of keys) out.push(`  ${k}: ${JSON.stringify(obj[k])}`);
  };
  map('attributes', s.attributes);
  map('resource', s.resource);
  if (s.events.length > 0) out.push(paint.bold('events'));
  for (const e of s.events)
    out.push(
      `  ${formatTime(Number(BigInt(e.timeUnixNano) / NS_PER_MS))} ${e.name} ${JSON.stringify(e.attributes)}`,
    );
  if (s.links.length > 0) out.push(paint.bold('links'));
  for (const l of s.links) out.push(`  ${l.traceId}/${l.spanId} ${JSON.stringify(l.attributes)}`);
  const { attributes, events, links } = s.dropped;
  if (attributes + events + links > 0)
    out.push(`${paint.bold('dropped'.padEnd(11))}${attributes} attributes, ${events} events, ${links} links`);
  return out;
}
