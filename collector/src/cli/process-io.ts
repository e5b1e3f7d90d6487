/** The CLI's view of the real process. Signal handlers are explicit, so PID 1 in a container stops too. */
import type { CliIo } from './verb.js';

const SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

export const processIo: CliIo = {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  error: (line) => {
    process.stderr.write(`${line}\n`);
  },
  onSignal: (handler) => {
    for (const s of SIGNALS) process.on(s, handler);
    return () => {
      for (const s of SIGNALS) process.off(s, handler);
    };
  },
  forceExit: (code) => process.exit(code),
};
