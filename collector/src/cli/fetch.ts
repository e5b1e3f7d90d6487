/**
 * `laptime fetch <index>`: one span by its global row index. `laptime fetch all`: every matching
 * span in index order, streamed a page at a time (a table for people, one Span JSON per line).
 */
import { Command, Option } from 'commander';
import type { SpanJson } from '../api/span-json.js';
import { ExitCode } from './exit-codes.js';
import { minDurationMs, positiveInteger, timeMs, traceIdHex } from './option-values.js';
import { describeFlags } from './output/span-flags.js';
import { paintFor, type Paint } from './output/colour.js';
import { renderTable, type Column } from './output/table.js';
import { formatDuration, formatTime } from './output/units.js';
import { writeChunk } from './output/write.js';
import type { Source, SpanFilter } from './source/source.js';
import { addSourceOptions, openSource, type SourceFlags } from './source/source-options.js';
import type { CliIo, Verb } from './verb.js';

interface FetchFlags extends SourceFlags, Omit<SpanFilter, 'order' | 'traceId'> {
  json?: boolean;
  limit?: number;
  trace?: string;
  order?: 'asc' | 'desc';
}

/** The filters of "fetch all" (commander attribute names), refused with a row index. */
const LIST_FLAGS = [
  'limit',
  'name',
  'service',
  'trace',
  'from',
  'to',
  'minDuration',
  'status',
  'order',
] as const;

const LIST_COLUMNS: readonly Column[] = [
  { header: 'index', align: 'right', width: 10 },
  { header: 'service', align: 'left', width: 16 },
  { header: 'name', align: 'left', width: 36 },
  { header: 'duration', align: 'right', width: 9 },
  { header: 'status', align: 'left', width: 6 },
  { header: 'start', align: 'left', width: 24 },
];
const NS_PER_MS = 1_000_000n;
const STATUSES = ['unset', 'ok', 'error'];
const ORDERS = ['asc', 'desc'];

/** `minDuration` back to `--min-duration`. */
function flagName(attribute: string): string {
  return `--${attribute.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

export const fetchVerb: Verb = (io, start) => {
  const cmd = new Command('fetch')
    .description('print a span by its global row index, or every span with "all"')
    .argument('<index>', 'a row index, or "all"')
    .option('--json', 'print the HTTP API Span JSON (one per line for "all")')
    .addOption(new Option('--limit <n>', 'with "all": at most this many spans').argParser(positiveInteger))
    .option('--name <name>', 'with "all": only spans of this name')
    .option('--service <service>', 'with "all": only spans of this service')
    .addOption(
      new Option(
        '--min-duration <ms>',
        'with "all": only spans at least this long (250, 250ms, 1.5s)',
      ).argParser(minDurationMs),
    )
    .addOption(new Option('--status <status>', 'with "all": only spans of this status').choices(STATUSES))
    .addOption(new Option('--trace <traceId>', 'with "all": only spans of this trace').argParser(traceIdHex))
    .addOption(
      new Option('--from <time>', 'with "all": started at or after (unix ms, ISO-8601, -5m)').argParser(
        timeMs,
      ),
    )
    .addOption(
      new Option('--to <time>', 'with "all": started before (unix ms, ISO-8601, -5m)').argParser(timeMs),
    )
    .addOption(
      new Option('--order <order>', 'with "all": asc (oldest first, default) or desc (newest first)').choices(
        ORDERS,
      ),
    );
  addSourceOptions(cmd).addHelpText(
    'after',
    `
Examples:
  laptime fetch 0
  laptime fetch 42 --json --url http://localhost:4318
  laptime fetch all --limit 20 --service checkout --data ./laptime-data
  laptime fetch all --min-duration 500ms --status error --from -1h --order desc --limit 20`,
  );
  return cmd.action((index: string, flags: FetchFlags) => {
    const all = index === 'all';
    if (!all && !/^\d+$/.test(index))
      cmd.error(`error: index '${index}' is neither a row index (0, 1, ...) nor "all"`, {
        exitCode: ExitCode.Usage,
      });
    const misplaced = LIST_FLAGS.filter((f) => flags[f] !== undefined);
    if (!all && misplaced.length > 0)
      cmd.error(
        `${misplaced.map(flagName).join(', ')} go${misplaced.length === 1 ? 'es' : ''} with "fetch all"`,
        {
          exitCode: ExitCode.Usage,
        },
      );
    if (flags.from !== undefined && flags.to !== undefined && flags.from > flags.to)
      cmd.error('--to is before --from', { exitCode: ExitCode.Usage });
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
  const filter: SpanFilter = {};
  if (flags.name !== undefined) filter.name = flags.name;
  if (flags.service !== undefined) filter.service = flags.service;
  if (flags.trace !== undefined) filter.traceId = flags.trace;
  if (flags.from !== undefined) filter.from = flags.from;
  if (flags.to !== undefined) filter.to = flags.to;
  if (flags.minDuration !== undefined) filter.minDuration = flags.minDuration;
  if (flags.status !== undefined) filter.status = flags.status;
  if (flags.order !== undefined) filter.order = flags.order;
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
    ['flags', describeFlags(s.flags, s.parentSpanId !== null)],
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
