/**
 * The real `laptime` executable in a child process: the TypeScript source through tsx when the
 * tests run from source, the built file when they run from dist/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const fromSource = import.meta.url.endsWith('.ts');
const BIN = fileURLToPath(new URL(`../../src/bin/laptime.${fromSource ? 'ts' : 'js'}`, import.meta.url));
/** The repository root, from which tsx resolves. */
const REPO_ROOT = fileURLToPath(new URL(fromSource ? '../../../' : '../../../../', import.meta.url));
const NODE_ARGS = fromSource ? ['--conditions=development', '--import', 'tsx'] : [];

export interface LaptimeProcess {
  child: ChildProcess;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Resolves with the first stderr match of `pattern` (rejects if the process ends first). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** Starts `laptime <args>` with `env` added to a clean environment (no LAPTIME_* of the caller). */
export function spawnLaptime(args: string[], env: Record<string, string> = {}): LaptimeProcess {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LAPTIME_')));
  const child = spawn(process.execPath, [...NODE_ARGS, BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...base, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let text = '';
  const waiters = new Set<() => void>();
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    text += chunk;
    for (const w of waiters) w();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    stderr: () => text,
    exited,
    waitFor: (pattern, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const m = pattern.exec(text);
          if (m === null) return;
          done();
          resolve(m);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${String(pattern)} on stderr within ${timeoutMs} ms: ${text}`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        void exited.then(() => {
          if (!waiters.has(check)) return;
          done();
          reject(new Error(`laptime exited before printing ${String(pattern)}: ${text}`));
        });
        check();
      }),
  };
}
