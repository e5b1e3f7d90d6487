/** The outage app in a forked child, driven phase by phase from the test. */
import { fork, type ChildProcess } from 'node:child_process';
import type { ExporterStats } from '@laptime/exporter';
import { NODE_ARGS, REPO_ROOT, siblingScript } from '../crash/node-entry.js';
import type { AppCommand, AppMessage, Phase, PhaseReport } from './outage-messages.js';

/** Longest wait for an answer of the app (the final flush waits up to the exporter's timeout). */
const ANSWER_TIMEOUT_MS = 60_000;

/** The final report of the app. */
export interface AppFinish {
  report: PhaseReport;
  stats: ExporterStats;
  flushMs: number;
}

/** A running app. */
export interface OutageApp {
  pid: number;
  /** Ends the current phase (returning its report) and starts `next`. */
  phase(next: Phase): Promise<PhaseReport>;
  /** Stops the traffic, flushes the exporter and returns the last phase's report and the exporter's counters. */
  finish(): Promise<AppFinish>;
  /** Resolves when the app has exited. */
  exited: Promise<number | string>;
  /** SIGKILL, for clean-up after a failure (does nothing once it has exited). */
  kill(): void;
}

/** Forks the app, sending spans to `url` with at most `maxQueueSpans` waiting. */
export async function startOutageApp(url: string, maxQueueSpans: number): Promise<OutageApp> {
  const child: ChildProcess = fork(
    siblingScript('./outage-app', import.meta.url),
    [url, String(maxQueueSpans)],
    {
      cwd: REPO_ROOT,
      execArgv: [...NODE_ARGS],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const next = <T extends AppMessage['type']>(type: T): Promise<Extract<AppMessage, { type: T }>> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no '${type}' from the app in ${ANSWER_TIMEOUT_MS} ms`)),
        ANSWER_TIMEOUT_MS,
      );
      const onMessage = (m: AppMessage): void => {
        if (m.type !== type) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(m as Extract<AppMessage, { type: T }>);
      };
      child.on('message', onMessage);
      void exited.then((how) => {
        clearTimeout(timer);
        reject(new Error(`the app exited (${how}) before '${type}'`));
      });
    });
  const command = (c: AppCommand): void => {
    child.send(c);
  };
  await next('ready');
  return {
    pid: child.pid!,
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    phase: async (p) => {
      const answer = next('phase-ended');
      command({ cmd: 'phase', phase: p });
      return (await answer).report;
    },
    finish: async () => {
      const answer = next('finished');
      command({ cmd: 'finish' });
      const { report, stats, flushMs } = await answer;
      return { report, stats, flushMs };
    },
  };
}
