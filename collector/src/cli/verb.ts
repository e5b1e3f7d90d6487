/** The shape of one CLI verb: its commander command, whose action hands back the verb's work. */
import type { Command } from 'commander';

/** What a CLI verb needs from the process: kept apart so tests and the bin can differ. */
export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  /** Where results go (tables, JSON); `isTTY` decides colour. */
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  /** Progress and messages; `isTTY` decides whether a progress bar is drawn. */
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Writes one line (without its newline) for the user. */
  error(line: string): void;
  /** Registers a handler of SIGINT/SIGTERM; returns its removal. */
  onSignal(handler: (signal: NodeJS.Signals) => void): () => void;
  /** Ends the process at once (a second interrupt while shutting down). */
  forceExit(code: number): never;
}

/** The verb's work, run after parsing; resolves to the exit code. */
export type VerbRun = () => Promise<number>;

/** Builds a verb's command; its action calls `start` with the work to run. */
export type Verb = (io: CliIo, start: (run: VerbRun) => void) => Command;
