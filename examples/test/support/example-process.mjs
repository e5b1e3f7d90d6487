// Runs an example, or the compiled `laptime` CLI, as a child process, as a user would from a shell.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** The examples folder. */
export const EXAMPLES_DIR = fileURLToPath(new URL('../../', import.meta.url));
/** The compiled CLI (tests run it as CI does, from collector/dist). */
export const LAPTIME_BIN = fileURLToPath(
  new URL('../../../collector/dist/src/bin/laptime.js', import.meta.url),
);
/** Longest any one child may run before a test gives up on it. */
export const CHILD_TIMEOUT_MS = 60_000;

const running = new Set();
// A failing test must not leave examples running behind it.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** The caller's environment without LAPTIME_* (so a developer's settings do not leak in), plus `env`. */
function cleanEnv(env) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('LAPTIME_')));
  return { ...base, ...env };
}

/**
 * Starts `node <args>` in `cwd`. Returns `{ child, stdout(), stderr(), waitForStdout(re), exited }`;
 * `exited` resolves with `{ code, signal }`.
 */
export function startNode(args, { cwd = EXAMPLES_DIR, env = {} } = {}) {
  const child = spawn(process.execPath, args, { cwd, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (err += chunk));
  const killer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
  const exited = once(child, 'exit').then(([code, signal]) => {
    clearTimeout(killer);
    running.delete(child);
    return { code, signal };
  });
  const waitForStdout = async (pattern) => {
    for (;;) {
      const match = pattern.exec(out);
      if (match !== null) return match;
      const ended = await Promise.race([
        once(child.stdout, 'data').then(() => false),
        exited.then(() => true),
      ]);
      if (ended && pattern.exec(out) === null) {
        throw new Error(`exited without printing ${pattern}:\n${out}\n${err}`);
      }
    }
  };
  return { child, stdout: () => out, stderr: () => err, waitForStdout, exited };
}

/** Runs `node <args>` to its end; resolves with `{ code, signal, stdout, stderr }`. */
export async function runNode(args, options) {
  const run = startNode(args, options);
  const { code, signal } = await run.exited;
  return { code, signal, stdout: run.stdout(), stderr: run.stderr() };
}

/** Runs the compiled `laptime` CLI with `args`. */
export function runLaptime(args, options) {
  return runNode([LAPTIME_BIN, ...args], options);
}
