/**
 * The figures issue 2 asks for, each with its absolute value, its target, the ratio measured /
 * target (or measured / a peer, named) and whether the target is met, in words.
 */
import { medianRun, type AppendPhaseResult } from './append-phase.js';
import type { LargeStoreResult } from './large-store.js';
import type { Latency } from './latency.js';
import { median } from './quantiles.js';

/** The targets of issue 2. */
export const TARGETS = {
  appendSpansPerSecond: 500_000,
  /** Share of the disk-bound append rate. */
  diskShare: 0.5,
  statsUs: 10,
  hotFetchUs: 10,
  /** Exact p99 of one series over this many rows in at most `exactMs`. */
  exactRows: 10_000_000,
  exactMs: 300,
  /** Peak RSS at most the pool plus this many MiB. */
  rssHeadroomMiB: 128,
} as const;

export type Verdict = 'met' | 'NOT met' | 'no target';

export interface Figure {
  figure: string;
  /** The absolute figure with its unit. */
  measured: string;
  target: string;
  ratio: string;
  verdict: Verdict;
  /** The figure as a number in `unit`, for comparing runs. */
  value: number;
  unit: string;
}

export interface SuiteResults {
  append: AppendPhaseResult;
  /** The realistic store (5 services, 200 span names). */
  mixed: LargeStoreResult;
  /** A store whose every span is in one series. */
  oneSeries: LargeStoreResult;
}

interface Target {
  atLeast: boolean;
  value: number;
  text: string;
}

const MiB = 1024 * 1024;
const NONE = '—';

export function figures(r: SuiteResults): Figure[] {
  const out: Figure[] = [];
  const diskBandwidth = median(r.append.diskBandwidth);
  for (const { appenders, rounds } of r.append.runs) {
    const m = medianRun(rounds);
    out.push(
      judged(
        `Append, ${appenders} appender${appenders > 1 ? 's' : ''}, 512-span batches, durable (median of ${rounds.length})`,
        m.spansPerSecond,
        'spans/s',
        `${int(m.spansPerSecond)} spans/s`,
        {
          atLeast: true,
          value: TARGETS.appendSpansPerSecond,
          text: `≥ ${int(TARGETS.appendSpansPerSecond)} spans/s`,
        },
      ),
    );
  }
  out.push(
    info(
      'Disk: sequential write, 4 MiB chunks, fsync each (the physical limit)',
      diskBandwidth / 1e6,
      'MB/s',
      `${(diskBandwidth / 1e6).toFixed(0)} MB/s`,
    ),
  );
  const first = medianRun(r.append.runs[0]!.rounds);
  const bytesPerSpan = first.walBytesPerSpan + first.columnBytesPerSpan;
  out.push(
    info(
      'Bytes written per span: WAL + columns (after a checkpoint)',
      bytesPerSpan,
      'B',
      `${first.walBytesPerSpan.toFixed(0)} + ${first.columnBytesPerSpan.toFixed(0)} = ${bytesPerSpan.toFixed(0)} B`,
    ),
  );
  out.push(
    info(
      'Disk-bound append rate: bandwidth / bytes per span',
      diskBandwidth / bytesPerSpan,
      'spans/s',
      `${int(diskBandwidth / bytesPerSpan)} spans/s`,
    ),
  );
  for (const { appenders, rounds } of r.append.runs) {
    const m = medianRun(rounds);
    const share = m.spansPerSecond / (diskBandwidth / (m.walBytesPerSpan + m.columnBytesPerSpan));
    out.push(
      judged(
        `Append as a share of the disk-bound rate, ${appenders} appender${appenders > 1 ? 's' : ''}`,
        share * 100,
        '%',
        pct(share),
        {
          atLeast: true,
          value: TARGETS.diskShare * 100,
          text: `≥ ${pct(TARGETS.diskShare)}`,
        },
      ),
    );
  }
  const last = r.append.runs[r.append.runs.length - 1]!;
  const sustained = medianRun(last.rounds);
  out.push(
    info(
      `Append including the checkpoint that writes its columns, ${last.appenders} appenders`,
      sustained.sustainedSpansPerSecond,
      'spans/s',
      `${int(sustained.sustainedSpansPerSecond)} spans/s`,
      `${((sustained.sustainedSpansPerSecond * (sustained.walBytesPerSpan + sustained.columnBytesPerSpan)) / diskBandwidth).toFixed(2)} of disk-bound`,
    ),
  );
  out.push(...readFigures(r.mixed));
  out.push(...exactFigures(r));
  out.push(
    info(
      `Bytes on disk per span (segments + WAL, after a checkpoint), ${rowsText(r.mixed.rows)} rows`,
      r.mixed.diskBytesPerSpan,
      'B',
      `${r.mixed.diskBytesPerSpan.toFixed(0)} B`,
    ),
  );
  out.push(rssFigure(r.mixed, `Peak RSS, ${rowsText(r.mixed.rows)}-row store: build, reads, exact query`));
  out.push(
    rssFigure(
      r.oneSeries,
      `Peak RSS, ${rowsText(r.oneSeries.rows)}-row one-series store incl. its exact query`,
    ),
  );
  out.push(
    info(
      `Building the ${rowsText(r.mixed.rows)}-row store: 4 appenders, 4,000-span batches, checkpoints included`,
      r.mixed.rows / (r.mixed.buildSeconds + r.mixed.finalCheckpointSeconds),
      'spans/s',
      `${int(r.mixed.rows / (r.mixed.buildSeconds + r.mixed.finalCheckpointSeconds))} spans/s`,
    ),
  );
  return out;
}

function readFigures(s: LargeStoreResult): Figure[] {
  const reads = s.reads;
  if (reads === null) return [];
  const target = (us: number): Target => ({ atLeast: false, value: us, text: `median ≤ ${us} µs` });
  const pool = `pool ${s.poolMB} MiB`;
  return [
    judged(
      'stats(): lifetime, one series',
      reads.stats.medianUs,
      'µs',
      latency(reads.stats),
      target(TARGETS.statsUs),
    ),
    info(
      `statsAll(): lifetime, all ${reads.statsAll.series} series`,
      reads.statsAll.medianUs,
      'µs',
      latency(reads.statsAll),
    ),
    judged(
      `fetch(i) hot: the same 64 rows over and over, ${pool}`,
      reads.hotFetch.medianUs,
      'µs',
      latency(reads.hotFetch),
      target(TARGETS.hotFetchUs),
    ),
    info(
      `fetch(i) cold: random rows of ${rowsText(s.rows)} (${int((s.diskBytesPerSpan * s.rows) / MiB)} MiB on disk), ${pool}; ` +
        `pool hit ratio ${pct(reads.coldFetch.poolHitRatio)}, OS page cache warm`,
      reads.coldFetch.medianUs,
      'µs',
      latency(reads.coldFetch),
    ),
  ];
}

function exactFigures(r: SuiteResults): Figure[] {
  const scaled = (rows: number): Target => {
    const ms = (TARGETS.exactMs * rows) / TARGETS.exactRows;
    const text = `≤ ${TARGETS.exactMs} ms at ${rowsText(TARGETS.exactRows)} rows`;
    return {
      atLeast: false,
      value: ms,
      text: rows === TARGETS.exactRows ? text : `${text} (scaled: ≤ ${ms.toFixed(0)} ms)`,
    };
  };
  const one = r.oneSeries.exact;
  const busiest = r.mixed.exact;
  return [
    judged(
      `Exact p99 of one series of ${rowsText(one.seriesRows)} rows (median of ${one.runsMs.length})`,
      one.ms,
      'ms',
      `${int(one.ms)} ms`,
      scaled(one.seriesRows),
    ),
    judged(
      `Exact p99 of the busiest series (${int(busiest.seriesRows)} rows) in the ${rowsText(r.mixed.rows)}-row store`,
      busiest.ms,
      'ms',
      `${int(busiest.ms)} ms`,
      scaled(r.mixed.rows),
    ),
  ];
}

function rssFigure(s: LargeStoreResult, figure: string): Figure {
  const m = s.memory;
  const peakMiB = m.peakRss / MiB;
  const limit = s.poolMB + TARGETS.rssHeadroomMiB;
  const steps = `at start ${mib(m.startRss)}, with test data ${mib(m.beforeOpenRss)}, after the build ${mib(m.afterBuild.rss)} of which aggregates ${mib(m.afterBuild.aggregates)}`;
  return judged(figure, peakMiB, 'MiB', `${peakMiB.toFixed(0)} MiB (${steps})`, {
    atLeast: false,
    value: limit,
    text: `≤ pool + ${TARGETS.rssHeadroomMiB} = ${limit} MiB`,
  });
}

function judged(figure: string, value: number, unit: string, measured: string, t: Target): Figure {
  const met = t.atLeast ? value >= t.value : value <= t.value;
  return {
    figure,
    measured,
    target: t.text,
    ratio: (value / t.value).toFixed(2),
    verdict: met ? 'met' : 'NOT met',
    value,
    unit,
  };
}

function info(figure: string, value: number, unit: string, measured: string, ratio = NONE): Figure {
  return { figure, measured, target: NONE, ratio, verdict: 'no target', value, unit };
}

function latency(l: Latency): string {
  return `median ${us(l.medianUs)} µs, p99 ${us(l.p99Us)} µs`;
}

function us(v: number): string {
  return v < 100 ? v.toFixed(1) : int(v);
}

function int(v: number): string {
  return Math.round(v).toLocaleString('en-US');
}

function mib(bytes: number): string {
  return `${(bytes / MiB).toFixed(0)} MiB`;
}

function pct(share: number): string {
  return `${(share * 100).toFixed(0)}%`;
}

/** 1M, 10M, 1.5M, 250k, or the number. */
function rowsText(rows: number): string {
  if (rows >= 1e6 && rows % 1e5 === 0) return `${rows / 1e6}M`;
  if (rows >= 1e4 && rows % 1e3 === 0) return `${rows / 1e3}k`;
  return int(rows);
}
