/** One `laptime <verb>` run to completion, as a user would type it. */
import { execFile } from 'node:child_process';
import { LAPTIME_BIN, NODE_ARGS, REPO_ROOT } from './node-entry.js';

/** What the CLI printed and how it exited. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Longest a CLI verb may run here (a check of a large store included). */
const CLI_TIMEOUT_MS = 120_000;

/** Runs `laptime ...args` and resolves with its exit code and output (never rejects on exit 1/2). */
export function runLaptime(args: readonly string[]): Promise<CliRun> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LAPTIME_')));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...NODE_ARGS, LAPTIME_BIN, ...args],
      { cwd: REPO_ROOT, env, timeout: CLI_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err === null) {
          resolve({ code: 0, stdout, stderr });
        } else if (typeof err.code === 'number') {
          resolve({ code: err.code, stdout, stderr });
        } else {
          // Not an exit status: the process could not start, or ran past CLI_TIMEOUT_MS.
          reject(new Error(`laptime ${args.join(' ')}: ${err.message}`));
        }
      },
    );
  });
}
