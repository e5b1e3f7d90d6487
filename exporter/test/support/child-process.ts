import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The extension of this suite's own files: `.ts` when run from source (tsx), `.js` when built. */
const EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/**
 * Runs a script of test/support/ (named without extension) in a child Node.js process started
 * the way this one was (same loader flags), with `env` added to the environment.
 */
export function runSupportScript(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  { asPid1 = false }: { asPid1?: boolean } = {},
): ChildProcess {
  const file = fileURLToPath(new URL(`./${name}${EXT}`, import.meta.url));
  const command = [process.execPath, ...process.execArgv, file, ...args];
  // As in a container: a new PID namespace (inside a user namespace, so no privilege is needed)
  // makes the script PID 1, which has no default signal actions.
  const wrapped = asPid1
    ? ['unshare', '--user', '--map-root-user', '--pid', '--fork', '--kill-child', ...command]
    : command;
  return spawn(wrapped[0]!, wrapped.slice(1), {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Resolves with everything the child wrote to stdout up to (and including) `marker`. */
export function waitForOutput(child: ChildProcess, marker: string, limitMs = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`no "${marker}" from the child; stderr: ${err}`)),
      limitMs,
    );
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(marker)) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!out.includes(marker))
        reject(new Error(`child exited (${code ?? signal}) before "${marker}": ${err}`));
    });
  });
}

/** Resolves with the child's exit code and signal once it has exited. */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}
