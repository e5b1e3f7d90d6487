/**
 * `laptime stats [name]`: a table of series statistics sorted by a column (default p99,
 * descending), or one series' full statistics; lifetime or over a window.
 */
import { Command, Option } from 'commander';
import type { StatsResult } from '@laptime/store';
import { STATS_SORT_KEYS, type SortKey } from '../api/stats-order.js';
import { ExitCode } from './exit-codes.js';
import { durationMs, positiveInteger, timeMs } from './option-values.js';
import { paintFor, type Paint } from './output/colour.js';
import { renderTable, type Column } from './output/table.js';
import { formatDuration, formatRate, formatShare, formatTime } from './output/units.js';
import { writeChunk } from './output/write.js';
import type { StatsQuery } from './source/source.js';
import { addSourceOptions, openSource, type SourceFlags } from './source/source-options.js';
import type { Verb } from './verb.js';

interface StatsFlags extends SourceFlags {
  service?: string;
  window?: number;
  from?: number;
  to?: number;
  sort: SortKey;
  exact?: boolean;
  limit?: number;
  json?: boolean;
}

const COLUMNS: readonly Column[] = [
  { header: 'service', align: 'left' },
  { header: 'name', align: 'left' },
  { header: 'count', align: 'right' },
  { header: 'errors', align: 'right' },
  { header: 'mean', align: 'right' },
  { header: 'p50', align: 'right' },
  { header: 'p95', align: 'right' },
  { header: 'p99', align: 'right' },
  { header: 'rate', align: 'right' },
];

export const statsVerb: Verb = (io, start) => {
  const cmd = new Command('stats')
    .description('per-series statistics: count, errors, mean, percentiles, rate')
    .argument('[name]', 'one series: print all its statistics')
    .option('--service <service>', 'only this service (needed when two services share a name)')
    .addOption(
      new Option('--window <duration>', 'only the last 5m, 1h, 7d, ...')
        .argParser(durationMs)
        .conflicts(['from', 'to']),
    )
    .addOption(new Option('--from <time>', 'window start: unix ms, ISO-8601 or -5m').argParser(timeMs))
    .addOption(new Option('--to <time>', 'window end: unix ms, ISO-8601 or -5m').argParser(timeMs))
    .addOption(
      new Option('--sort <column>', 'sort the table by this column').choices(STATS_SORT_KEYS).default('p99'),
    )
    .option('--exact', 'percentiles computed exactly from the spans (slower)')
    .addOption(new Option('--limit <n>', 'at most this many series').argParser(positiveInteger))
    .option('--json', 'print the HTTP API JSON ({"stats": [Stats]} or Stats)');
  addSourceOptions(cmd).addHelpText(
    'after',
    `
Examples:
  laptime stats
  laptime stats --window 5m --sort count --limit 10
  laptime stats "GET /cart" --service checkout --exact
  laptime stats --json --url http://localhost:4318 --token s3cret`,
  );
  return cmd.action((name: string | undefined, flags: StatsFlags) => {
    if (flags.from !== undefined && flags.to !== undefined && flags.from > flags.to)
      cmd.error('error: --to is before --from', { exitCode: ExitCode.Usage });
    const query: StatsQuery = {
      ...(flags.service === undefined ? {} : { service: flags.service }),
      ...(flags.window === undefined ? {} : { from: Date.now() - flags.window }),
      ...(flags.from === undefined ? {} : { from: flags.from }),
      ...(flags.to === undefined ? {} : { to: flags.to }),
      ...(flags.exact === true ? { exact: true } : {}),
    };
    start(async () => {
      const source = await openSource(flags, io.env);
      try {
        const paint = paintFor(io.stdout.isTTY, io.env);
        let text: string;
        if (name !== undefined) {
          const stats = await source.stats(name, query);
          text = flags.json === true ? JSON.stringify(stats) : seriesBlock(stats, paint).join('\n');
        } else {
          const list = {
            ...query,
            sort: flags.sort,
            ...(flags.limit === undefined ? {} : { limit: flags.limit }),
          };
          const stats = await source.statsList(list);
          text =
            flags.json === true
              ? JSON.stringify({ stats })
              : stats.length === 0
                ? emptyMessage(query)
                : renderTable(COLUMNS, stats.map(tableRow), paint).join('\n');
        }
        await writeChunk(io.stdout, `${text}\n`);
        return ExitCode.Ok;
      } finally {
        await source.close();
      }
    });
  });
};

function tableRow(s: StatsResult): string[] {
  return [
    s.service,
    s.name,
    String(s.count),
    `${s.errors} (${formatShare(s.errorRate)})`,
    formatDuration(s.mean),
    formatDuration(s.p50),
    formatDuration(s.p95),
    formatDuration(s.p99),
    formatRate(s.rate),
  ];
}

function seriesBlock(s: StatsResult, paint: Paint): string[] {
  const window =
    s.from === null && s.to === null ? 'lifetime' : `${formatTime(s.from)} to ${formatTime(s.to)}`;
  const rows: [string, string][] = [
    ['series', `${s.service} / ${s.name}`],
    ['window', window],
    ['count', String(s.count)],
    ['errors', `${s.errors} (${formatShare(s.errorRate)})`],
    ['mean', `${formatDuration(s.mean)} ± ${formatDuration(s.stderr)} (stddev ${formatDuration(s.stddev)})`],
    ['min', formatDuration(s.min)],
    ['p50', formatDuration(s.p50)],
    ['p90', formatDuration(s.p90)],
    ['p95', formatDuration(s.p95)],
    ['p99', formatDuration(s.p99)],
    ['p99.9', formatDuration(s.p999)],
    ['max', formatDuration(s.max)],
    ['rate', formatRate(s.rate)],
    ['first seen', formatTime(s.firstSeen)],
    ['last seen', formatTime(s.lastSeen)],
    ['percentiles', s.exact ? 'exact' : `within ${formatShare(s.relativeError)}`],
  ];
  return rows.map(([k, v]) => `${paint.bold(k.padEnd(12))}${v}`);
}

/** Why the table is empty: nothing in the window asked for, or nothing stored at all. */
function emptyMessage(query: StatsQuery): string {
  if (query.from !== undefined || query.to !== undefined) return 'no spans in this window';
  if (query.service !== undefined) return `no spans of service ${query.service}`;
  return 'the store is empty: no spans yet';
}
