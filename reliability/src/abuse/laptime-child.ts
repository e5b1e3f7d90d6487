/**
 * The real `laptime` executable in a child process (TypeScript through tsx when this suite runs
 * from source, the built file when it runs from dist/): a crash is seen as a process exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const fromSource = import.meta.url.endsWith('.ts');
/** This file is reliability/src/abuse/ in source and reliability/dist/src/abuse/ when built. */
const BIN = fileURLToPath(
  new URL(
    fromSource ? '../../../collector/src/bin/laptime.ts' : '../../../../collector/dist/src/bin/laptime.js',
    import.meta.url,
  ),
);
const REPO_ROOT = fileURLToPath(new URL(fromSource ? '../../../' : '../../../../', import.meta.url));
const NODE_ARGS = fromSource ? ['--conditions=development', '--import', 'tsx'] : [];
/** How long `laptime serve` may take to listen (tsx compiles on a loaded machine). */
const START_TIMEOUT_MS = 30_000;

export interface LaptimeChild {
  child: ChildProcess;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code, or the signal name when killed. */
  exited: Promise<number | string>;
}

/** Runs `laptime <args>` with `env` added to this environment minus its `LAPTIME_*` variables. */
export function spawnLaptime(args: string[], env: Record<string, string> = {}): LaptimeChild {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LAPTIME_')));
  const child = spawn(process.execPath, [...NODE_ARGS, BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (text += c));
  child.stdout.setEncoding('utf8').on('data', (c: string) => (text += c));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return { child, stderr: () => text, exited };
}

/** A `laptime serve` child that is listening. */
export interface ServeChild extends LaptimeChild {
  url: string;
  /** SIGTERM, then the exit code (0 for a clean stop). */
  stop(): Promise<number | string>;
}

/** Starts `laptime serve --port 0 <args>` and waits until it listens. */
export async function startServe(args: string[], env: Record<string, string> = {}): Promise<ServeChild> {
  const c = spawnLaptime(['serve', '--port', '0', ...args], env);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`laptime serve did not listen: ${c.stderr()}`)),
      START_TIMEOUT_MS,
    );
    const check = (): void => {
      const m = /listening on (http:\/\/\S+),/.exec(c.stderr());
      if (m === null) return;
      clearTimeout(timer);
      resolve(m[1]!);
    };
    c.child.stderr!.on('data', check);
    void c.exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`laptime serve exited before listening: ${c.stderr()}`));
    });
  });
  return {
    ...c,
    url,
    stop: () => {
      if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGTERM');
      return c.exited;
    },
  };
}
