/**
 * A run as markdown: the machine in one line, one table of absolute figures per system with
 * Laptime's ratio to each peer and the goals met or not met in words, then the end-to-end tables
 * (collector OTLP ingest, capture() overhead).
 */
import type { Machine } from '@laptime/store/testing';
import type { CaptureOverhead, CollectorIngest } from './external-benches.js';
import { GOALS, judge, type Measure, type Verdict } from './goals.js';
import type { SystemResult } from './system-run.js';
import type { SystemName } from './systems/system.js';

const PEERS = ['sqlite', 'duckdb', 'postgres'] as const;
const TITLES: Record<SystemName, string> = {
  laptime: 'Laptime',
  sqlite: 'SQLite',
  duckdb: 'DuckDB',
  postgres: 'PostgreSQL',
};
const MiB = 1024 * 1024;
const NONE = '—';

/** One line: CPU, cores, memory, Node, OS and disk. */
export function machineLine(m: Machine): string {
  return (
    `${m.cpu}, ${m.cores} cores, ${m.memoryGiB.toFixed(0)} GiB RAM, Node ${m.node}, ${m.os}; ` +
    `data on ${m.disk.device} (${m.disk.fsType})`
  );
}

interface RowSpec {
  label: string;
  goal: Measure | null;
  /** The figure as shown, for one system. */
  text(r: SystemResult): string;
  /** Laptime's advantage over `peer` (see goals.ts). */
  ratio(laptime: SystemResult, peer: SystemResult): number;
}

function rowSpecs(spans: number): RowSpec[] {
  return [
    {
      label: `(1) Durable ingest of ${count(spans)} spans, commit per 512, one writer (spans/s)`,
      goal: 'ingest',
      text: (r) => int(r.ingest.spansPerSecond),
      ratio: (l, p) => l.ingest.spansPerSecond / p.ingest.spansPerSecond,
    },
    {
      label: '(2) count, mean, p50, p99 of the busiest series (median)',
      goal: 'statsOne',
      text: (r) => duration(r.statsOne.medianMs),
      ratio: (l, p) => p.statsOne.medianMs / l.statsOne.medianMs,
    },
    {
      label: '(2) the same for every series at once (median)',
      goal: null,
      text: (r) => `${duration(r.statsAll.medianMs)} (${r.statsAll.series} series)`,
      ratio: (l, p) => p.statsAll.medianMs / l.statsAll.medianMs,
    },
    {
      label: '(3) exact p99 of the busiest series over the middle half of the time range (median)',
      goal: 'exactWindow',
      text: (r) => duration(r.exactWindow.medianMs),
      ratio: (l, p) => p.exactWindow.medianMs / l.exactWindow.medianMs,
    },
    {
      label: '(4) fetch a random span by index, whole row decoded (median)',
      goal: null,
      text: (r) => duration(r.fetch.medianMs),
      ratio: (l, p) => p.fetch.medianMs / l.fetch.medianMs,
    },
    {
      label: '(5) bytes on disk per span',
      goal: 'bytes',
      text: (r) => `${r.bytesPerSpan.toFixed(0)} B`,
      ratio: (l, p) => p.bytesPerSpan / l.bytesPerSpan,
    },
    {
      label: '(6) peak RSS of the process, MiB (in brackets: its growth once the spans were generated)',
      goal: null,
      text: (r) => {
        const server = r.notes['serverBackendPeakRss'];
        const own = `${mib(r.memory.peakRss)} (+${mib(ownMemory(r))})`;
        return server === undefined ? own : `${own}; server backend ${mib(server)}`;
      },
      ratio: (l, p) => (ownMemory(p) + (p.notes['serverBackendPeakRss'] ?? 0)) / ownMemory(l),
    },
  ];
}

/** What a system added to its process's memory: peak RSS over the RSS before it opened. */
function ownMemory(r: SystemResult): number {
  return r.memory.peakRss - r.memory.baselineRss;
}

/** The systems table, and the verdict of every goal. */
export function systemsTable(results: readonly SystemResult[]): { markdown: string; verdicts: Verdict[] } {
  const by = new Map(results.map((r) => [r.system, r]));
  const laptime = by.get('laptime');
  const spans = results[0]?.spans ?? 0;
  const verdicts: Verdict[] = [];
  const header = [
    'workload',
    ...(['laptime', ...PEERS] as const).map((s) => TITLES[s]),
    ...PEERS.map((p) => `Laptime vs ${TITLES[p]}`),
    'goals',
  ];
  const lines = [row(header), row(header.map(() => '---'))];
  for (const spec of rowSpecs(spans)) {
    const figures = (['laptime', ...PEERS] as const).map((s) => {
      const r = by.get(s);
      return r === undefined ? NONE : spec.text(r);
    });
    const ratios = PEERS.map((p) => {
      const r = by.get(p);
      return laptime === undefined || r === undefined ? Number.NaN : spec.ratio(laptime, r);
    });
    const goals = GOALS.filter((g) => g.workload === spec.goal).map((g) => {
      const v = judge(g, ratios[PEERS.indexOf(g.peer)]!);
      verdicts.push(v);
      return verdictText(v);
    });
    lines.push(
      row([spec.label, ...figures, ...ratios.map(times), goals.length === 0 ? NONE : goals.join('; ')]),
    );
  }
  return { markdown: lines.join('\n'), verdicts };
}

/** "met: 4.1x SQLite (goal ≥ 3x)" or "NOT met: ...". */
export function verdictText(v: Verdict): string {
  if (Number.isNaN(v.ratio)) return `not measured: ${TITLES[v.goal.peer]} not run`;
  const goal = v.goal.workload === 'exactWindow' ? 'goal: faster' : `goal ≥ ${v.goal.atLeast}x`;
  return `${v.met ? 'met' : 'NOT met'}: ${times(v.ratio)} ${TITLES[v.goal.peer]} (${goal})`;
}

export function collectorTable(c: CollectorIngest): string {
  return [
    row([
      '(7) OTLP/HTTP ingest, 16 senders, 512-span protobuf requests',
      'spans/s',
      'share of the null receiver',
    ]),
    row(['---', '---', '---']),
    row([
      'null receiver (same express stack, reads the body, stores nothing)',
      int(c.nullSpansPerSecond),
      '100%',
    ]),
    row([
      'Laptime collector (200 only once durable)',
      int(c.collectorSpansPerSecond),
      `${((100 * c.collectorSpansPerSecond) / c.nullSpansPerSecond).toFixed(0)}%`,
    ]),
    row([
      'GET /api/stats/:name while ingesting at half that rate',
      `p50 ${c.statsP50Ms.toFixed(2)} ms, p99 ${c.statsP99Ms.toFixed(2)} ms`,
      NONE,
    ]),
  ].join('\n');
}

export function captureTable(c: CaptureOverhead): string {
  const lines = [
    row(['(8) a trivial function, called', 'ns per call', 'vs the standard pattern']),
    row(['---', '---', '---']),
  ];
  const variants: [string, number][] = [
    ['bare call', c.bare],
    ['standard: tracer.startActiveSpan + BatchSpanProcessor + stock OTLP exporter', c.standard],
    ['capture() + BatchSpanProcessor + LaptimeSpanExporter', c.capture],
    ['capture() with LAPTIME_ENABLED=false', c.captureDisabled],
  ];
  for (const [name, ns] of variants)
    lines.push(row([name, ns.toFixed(0), `${(ns / c.standard).toFixed(2)}x`]));
  return lines.join('\n');
}

function row(cells: readonly string[]): string {
  return `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
}

function times(ratio: number): string {
  if (Number.isNaN(ratio)) return NONE;
  if (ratio >= 100) return `${int(ratio)}x`;
  return `${ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}x`;
}

/** ms as µs, ms or s, with 3 significant figures or so. */
function duration(ms: number): string {
  if (ms < 1) return `${(ms * 1000).toFixed(ms < 0.01 ? 2 : 1)} µs`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 2 : ms < 100 ? 1 : 0)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

function int(v: number): string {
  return Math.round(v).toLocaleString('en-US');
}

function mib(bytes: number): string {
  return `${(bytes / MiB).toFixed(0)}`;
}

/** 10M, 200k, or the number. */
function count(n: number): string {
  if (n >= 1e6 && n % 1e5 === 0) return `${n / 1e6}M`;
  if (n >= 1e4 && n % 1e3 === 0) return `${n / 1e3}k`;
  return int(n);
}
