/**
 * The `laptime` CLI: one commander command per verb (src/cli/<verb>.ts), options checked before
 * any work, one error handler, and an exit code returned rather than exits scattered around.
 */
import { Command, CommanderError } from 'commander';
import { CliUsageError } from './cli-failure.js';
import { ConfigError } from '../errors.js';
import { ExitCode } from './exit-codes.js';
import { checkVerb } from './check.js';
import { exportVerb } from './export.js';
import { fetchVerb } from './fetch.js';
import { loadVerb } from './load.js';
import { namesVerb } from './names.js';
import { serveVerb } from './serve.js';
import { statsVerb } from './stats.js';
import { traceVerb } from './trace.js';
import { collectorVersion } from './version.js';
import type { CliIo, Verb, VerbRun } from './verb.js';

/** Every verb, in help order. */
const VERBS: readonly Verb[] = [
  serveVerb,
  fetchVerb,
  traceVerb,
  statsVerb,
  namesVerb,
  checkVerb,
  exportVerb,
  loadVerb,
];

/** Every message of the CLI starts so, commander's own usage errors included. */
const PREFIX = 'laptime: ';

/**
 * Runs the CLI on `args` (without node and the script) and resolves to the exit code. Errors are
 * one line on stderr, never a stack trace.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  let run: VerbRun | null = null;
  const program = new Command('laptime')
    .description('Laptime: performance capture for Node.js')
    .version(collectorVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({
      writeErr: (s) => io.error(s.trimEnd()),
      outputError: (s) => io.error(PREFIX + s.trim().replace(/^error: /, '')),
    });
  for (const verb of VERBS) {
    const cmd = verb(io, (r) => (run = r));
    cmd.copyInheritedSettings(program);
    program.addCommand(cmd);
  }
  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    throw err;
  }
  if (run === null) return ExitCode.Ok;
  try {
    return await (run as VerbRun)();
  } catch (err) {
    // The reader of the output went away (`laptime export | head`): what it wanted was written.
    if ((err as NodeJS.ErrnoException | null)?.code === 'EPIPE') return ExitCode.Ok;
    io.error(PREFIX + (err instanceof Error ? err.message : String(err)));
    // A bad value of a flag or variable checked after parsing is bad usage too.
    return err instanceof CliUsageError || err instanceof ConfigError ? ExitCode.Usage : ExitCode.Failed;
  }
}
