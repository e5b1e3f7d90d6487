/**
 * `laptime load`: a capacity test. Sends paced OTLP/HTTP protobuf traffic of realistic spans to a
 * collector, ramping in steps up to `--rate`, and reports per step the achieved rate, the
 * acknowledgement latency and the errors; it names the step where throughput stopped following.
 */
import { Command, Option } from 'commander';
import { realisticRows } from '@laptime/store/testing';
import { ExitCode } from './exit-codes.js';
import { encodeTraceRequest } from './load/otlp-request.js';
import { runLoad, type StepReport } from './load/load-run.js';
import { assertReady } from './load/reachable.js';
import { durationMs, httpUrl, positiveInteger, positiveNumber } from './option-values.js';
import { paintFor } from './output/colour.js';
import { renderTable, type Column } from './output/table.js';
import { formatDuration } from './output/units.js';
import type { Verb } from './verb.js';

/** Distinct request bodies sent in turn: encoded once, before the clock starts. */
const BODY_POOL = 32;
/** A step whose achieved rate is below this share of the offered one is past the limit. */
const FOLLOW_SHARE = 0.9;
const COLUMNS: readonly Column[] = [
  { header: 'step', align: 'right', width: 4 },
  { header: 'offered', align: 'right', width: 10 },
  { header: 'achieved', align: 'right', width: 10 },
  { header: 'p50', align: 'right', width: 9 },
  { header: 'p99', align: 'right', width: 9 },
  { header: 'errors', align: 'right', width: 6 },
  { header: '429', align: 'right', width: 6 },
  { header: '503', align: 'right', width: 6 },
];

interface LoadFlags {
  url: string;
  token?: string;
  rate: number;
  ramp: number;
  duration: number;
  clients: number;
  batch: number;
  json?: boolean;
}

export const loadVerb: Verb = (io, start) => {
  const cmd = new Command('load')
    .description('capacity test: paced OTLP traffic in steps up to a rate; reports rate, latency, errors')
    .addOption(new Option('--url <url>', 'the collector to load').argParser(httpUrl).makeOptionMandatory())
    .option('--token <token>', 'bearer token of the collector')
    .addOption(new Option('--rate <spans/s>', 'top rate offered').argParser(positiveNumber).default(10_000))
    .addOption(
      new Option('--ramp <duration>', 'time to ramp up, in steps')
        .argParser(durationMs)
        .default(30_000, '30s'),
    )
    .addOption(
      new Option('--duration <duration>', 'time at the top rate')
        .argParser(durationMs)
        .default(30_000, '30s'),
    )
    .addOption(
      new Option('--clients <n>', 'concurrent keep-alive clients').argParser(positiveInteger).default(8),
    )
    .addOption(new Option('--batch <n>', 'spans per request').argParser(positiveInteger).default(512))
    .option('--json', 'print one JSON report per step')
    .addHelpText(
      'after',
      `
Examples:
  laptime load --url http://localhost:4318
  laptime load --url http://localhost:4318 --rate 200000 --ramp 1m --duration 30s --clients 32`,
    );
  return cmd.action((flags: LoadFlags) => {
    start(async () => {
      await assertReady(flags.url);
      const rows = realisticRows(BODY_POOL * flags.batch, { seed: Date.now() % 2 ** 31 });
      const bodies = Array.from({ length: BODY_POOL }, (_, i) =>
        encodeTraceRequest(rows.slice(i * flags.batch, (i + 1) * flags.batch)),
      );
      const paint = paintFor(io.stdout.isTTY, io.env);
      const print = (line: string): void => void io.stdout.write(`${line}\n`);
      if (flags.json !== true) print(renderTable(COLUMNS, [], paint)[0]!);
      const plan = {
        ...flags,
        token: flags.token ?? io.env.LAPTIME_TOKEN,
        rampMs: flags.ramp,
        durationMs: flags.duration,
      };
      const reports = await runLoad(plan, bodies, (r) =>
        print(flags.json === true ? JSON.stringify(r) : renderTable(COLUMNS, [stepRow(r)], paint)[1]!),
      );
      const limit = reports.find((r) => r.achievedRate < FOLLOW_SHARE * r.offeredRate);
      const verdict =
        limit === undefined
          ? `laptime: throughput followed the offered rate up to ${Math.round(flags.rate)} spans/s`
          : `laptime: throughput stopped following the offered rate at step ${limit.step}: ` +
            `offered ${Math.round(limit.offeredRate)} spans/s, achieved ${Math.round(limit.achievedRate)} spans/s`;
      io.error(verdict);
      return reports.every((r) => r.acknowledged === 0) ? ExitCode.Failed : ExitCode.Ok;
    });
  });
};

function stepRow(r: StepReport): string[] {
  return [
    String(r.step),
    `${Math.round(r.offeredRate)}/s`,
    `${Math.round(r.achievedRate)}/s`,
    formatDuration(r.p50),
    formatDuration(r.p99),
    String(r.errors),
    String(r.throttled),
    String(r.unavailable),
  ];
}
