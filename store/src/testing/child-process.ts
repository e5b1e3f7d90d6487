/**
 * Runs a benchmark phase in a child process, so that what it measures about the process (peak
 * RSS) is its own. The child is a sibling module of the caller, started with the same Node options
 * (under tsx in development, plain Node once compiled); its result comes back over IPC.
 */
import { fork } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Starts the module `entry` (no extension) next to the caller's module `from` (its
 * `import.meta.url`), with the caller's extension (`.ts` from source, `.js` compiled) and `input`
 * as JSON in argv[2]; resolves with the first message it sends, once it has exited cleanly.
 */
export function runInChild<T>(from: string, entry: string, input: unknown): Promise<T> {
  const caller = fileURLToPath(from);
  const file = path.join(path.dirname(caller), `${entry}${path.extname(caller)}`);
  return new Promise<T>((resolve, reject) => {
    const child = fork(file, [JSON.stringify(input)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: { value: T } | null = null;
    child.once('message', (message) => {
      result = { value: message as T };
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (result !== null && code === 0) resolve(result.value);
      else
        reject(new Error(`${entry} exited with ${signal ?? `code ${String(code)}`} before sending a result`));
    });
  });
}

/** In a child started by {@link runInChild}: its input. */
export function childInput<T>(): T {
  const raw = process.argv[2];
  if (raw === undefined) throw new RangeError('no input: start this module with runInChild');
  return JSON.parse(raw) as T;
}

/** In a child started by {@link runInChild}: sends the result, then lets the process end. */
export function sendResult(result: unknown): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (process.send === undefined) {
      reject(new Error('no IPC channel: start this module with runInChild'));
      return;
    }
    process.send(result, (err: Error | null) => {
      if (err) reject(err);
      else {
        process.disconnect();
        resolve();
      }
    });
  });
}
