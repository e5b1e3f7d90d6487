/**
 * The collector in a child process: `laptime serve` (or another entry that prints the same
 * "listening on" line), on a given data directory and a free port, with its stderr kept.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { LAPTIME_BIN, NODE_ARGS, REPO_ROOT } from './node-entry.js';

/** Longest wait for a child collector to print that it listens. */
export const START_TIMEOUT_MS = 30_000;

const LISTENING = /collector listening on (http:\/\/\S+?),/;

/** Children started here that have not exited yet. */
const running = new Set<ChildProcess>();

/**
 * SIGKILLs every collector child still running, so that a failed assertion does not leave one
 * behind holding the test process open. Call it in a `finally`.
 */
export function killStrayCollectors(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** A running collector child. */
export interface CollectorProcess {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  url: string;
  pid: number;
  child: ChildProcess;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code, or the signal's name when killed by one. */
  exited: Promise<number | string>;
  /** SIGKILL: no shutdown at all, as a crash or the OOM killer would end it. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the graceful exit (final checkpoint). */
  stop(): Promise<number | string>;
}

/** What to start. */
export interface CollectorProcessOptions {
  dataDir: string;
  /** Port to listen on (default 0: any free port); a restart passes the port of the first start. */
  port?: number;
  /** A script to run instead of `laptime serve`; it gets `dataDir` and the port as its arguments. */
  script?: string;
  /** Added to a clean environment (no LAPTIME_* of the caller). */
  env?: Record<string, string>;
}

/**
 * Starts the collector and resolves once it listens.
 *
 * @throws Error with the child's stderr when it exits or stays silent for {@link START_TIMEOUT_MS}.
 */
export async function startCollectorProcess(options: CollectorProcessOptions): Promise<CollectorProcess> {
  const args =
    options.script === undefined
      ? [LAPTIME_BIN, 'serve', '--port', String(options.port ?? 0), '--data', options.dataDir]
      : [options.script, options.dataDir, String(options.port ?? 0)];
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LAPTIME_')));
  const child = spawn(process.execPath, [...NODE_ARGS, ...args], {
    cwd: REPO_ROOT,
    env: { ...base, ...options.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  let text = '';
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? signal ?? 'unknown');
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`collector silent for ${START_TIMEOUT_MS} ms: ${text}`)),
      START_TIMEOUT_MS,
    );
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      text += chunk;
      const m = LISTENING.exec(text);
      if (m !== null) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`collector exited (${how}) before listening: ${text}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    child,
    stderr: () => text,
    exited,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
