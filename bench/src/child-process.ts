/**
 * Runs one system's measurements in a child process, so that the peak RSS it reports is that
 * system's own. The child is a sibling module started with this process's Node options (under
 * tsx from source, plain Node once compiled); its result comes back over IPC.
 */
import { fork } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Same extension as this file: `.ts` from source, `.js` compiled. */
const EXTENSION = path.extname(fileURLToPath(import.meta.url));

/** Starts sibling module `entry` with `input` as JSON in argv[2]; resolves with its one message once it exited cleanly. */
export function runInChild<T>(entry: string, input: unknown): Promise<T> {
  const file = fileURLToPath(new URL(`./${entry}${EXTENSION}`, import.meta.url));
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

/** In a child started by {@link runInChild}: sends the result and lets the process end. */
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
