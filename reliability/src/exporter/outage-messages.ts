/** The messages between an outage test and its app process (over the fork IPC channel). */
import type { ExporterStats } from '@laptime/exporter';
import type { LatencySummary } from '../load/latency.js';

/** Phases of the app's life; the names of its spans carry the phase they were created in. */
export type Phase = 'warmup' | 'before' | 'outage' | 'resume' | 'after';

/** Test to app: start a new phase, or stop the traffic, flush and report. */
export type AppCommand = { cmd: 'phase'; phase: Phase } | { cmd: 'finish' };

/** What the app measured during one phase. */
export interface PhaseReport {
  phase: Phase;
  requests: number;
  /** Spans created (and ended) during the phase. */
  spans: number;
  /** Per-request latency as the app's own users would see it. */
  latency: LatencySummary;
  /** Highest RSS of the app during the phase, bytes. */
  maxRss: number;
}

/** App to test: the report of the phase just ended, or the final one after the flush. */
export type AppMessage =
  | { type: 'ready' }
  | { type: 'phase-ended'; report: PhaseReport }
  | { type: 'finished'; report: PhaseReport; stats: ExporterStats; flushMs: number };
