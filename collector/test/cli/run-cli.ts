/**
 * The real `laptime` executable run to completion: stdout, stderr and exit code, on a pipe or on
 * a pseudo-terminal (`script` from util-linux), with a clean environment (no LAPTIME_* of the caller).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const fromSource = import.meta.url.endsWith('.ts');
const BIN = fileURLToPath(new URL(`../../src/bin/laptime.${fromSource ? 'ts' : 'js'}`, import.meta.url));
const REPO_ROOT = fileURLToPath(new URL(fromSource ? '../../../' : '../../../../', import.meta.url));
const NODE_ARGS = fromSource ? ['--conditions=development', '--import', 'tsx'] : [];
/** Enough for a page of JSON lines; a run that needs more is a bug. */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function cleanEnv(env: Record<string, string>): Record<string, string | undefined> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LAPTIME_')));
  delete base.NO_COLOR;
  delete base.FORCE_COLOR;
  return { ...base, ...env };
}

/** Where and how long a run may take. */
export interface RunOptions {
  /** Working directory; default the repository root. */
  cwd?: string;
  /** A run still going after this is killed (its code is then -1); default no limit. */
  timeoutMs?: number;
}

function run(
  file: string,
  args: string[],
  env: Record<string, string>,
  { cwd = REPO_ROOT, timeoutMs = 0 }: RunOptions = {},
): Promise<CliRun> {
  const options = {
    cwd,
    env: cleanEnv(env),
    maxBuffer: MAX_OUTPUT_BYTES,
    timeout: timeoutMs,
    killSignal: 'SIGKILL' as const,
  };
  return new Promise((resolve) => {
    execFile(file, args, options, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** `laptime <args>` with stdout and stderr on pipes. */
export function laptime(
  args: string[],
  env: Record<string, string> = {},
  options?: RunOptions,
): Promise<CliRun> {
  return run(process.execPath, [...NODE_ARGS, BIN, ...args], env, options);
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `laptime <args>` on a pseudo-terminal: stdout and stderr both arrive in `stdout`. */
export function laptimeOnTerminal(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const command = [process.execPath, ...NODE_ARGS, BIN, ...args].map(shellQuote).join(' ');
  return run('script', ['-qfec', command, '/dev/null'], env);
}
