/**
 * `laptime serve`: runs the collector until SIGTERM or SIGINT, then shuts down gracefully (stop
 * accepting, finish requests in flight, checkpoint) and exits 0. A second signal forces exit.
 */
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { SETTINGS, resolveConfig, type CollectorConfig } from '../config.js';
import { ExitCode } from './exit-codes.js';
import type { CliIo, Verb } from './verb.js';

export const serveVerb: Verb = (io, start) => {
  const cmd = new Command('serve').description('run the collector (OTLP/HTTP ingest, REST API, /metrics)');
  const attributes = new Map<keyof CollectorConfig, string>();
  for (const spec of SETTINGS) {
    const option = new Option(`${spec.flag} <${spec.placeholder}>`, `${spec.description} (env ${spec.env})`);
    attributes.set(spec.key, option.attributeName());
    cmd.addOption(option);
  }
  cmd.option(
    '--salvage-wal',
    'start even if the WAL is damaged in the middle: drop the damaged records, keep and renumber the rows after them',
  );
  return cmd.action((opts: Record<string, string | boolean | undefined>) => {
    const flags: Partial<Record<keyof CollectorConfig, string>> = {};
    for (const [key, attribute] of attributes) {
      const value = opts[attribute];
      if (typeof value === 'string') flags[key] = value;
    }
    start(() => serve(io, flags, opts.salvageWal === true));
  });
};

async function serve(
  io: CliIo,
  flags: Partial<Record<keyof CollectorConfig, string>>,
  salvageWal: boolean,
): Promise<number> {
  const config = { ...resolveConfig({ flags, env: io.env }), salvageWal };
  // Loaded here, not at the top: the read verbs should not pay for express.
  const { startCollector } = await import('../server.js');
  const collector = await startCollector(config);
  io.error(`laptime: collector listening on ${collector.url}, data in ${path.resolve(config.dataDir)}`);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const removeHandler = io.onSignal((signal) => {
      if (stopping) {
        io.error(
          `laptime: ${signal} again: exiting without a final checkpoint (the WAL keeps every acknowledged span)`,
        );
        io.forceExit(ExitCode.Failed);
      }
      stopping = true;
      io.error(`laptime: ${signal}: finishing requests in flight and checkpointing`);
      collector.close().then(
        () => {
          removeHandler();
          io.error('laptime: stopped');
          resolve(ExitCode.Ok);
        },
        (err: unknown) => {
          removeHandler();
          io.error(`laptime: shutdown failed: ${err instanceof Error ? err.message : String(err)}`);
          resolve(ExitCode.Failed);
        },
      );
    });
  });
}
