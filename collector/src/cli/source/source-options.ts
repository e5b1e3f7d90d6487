/**
 * The source options every read verb shares: `--data DIR` or `--url URL` (with `--token`);
 * neither given: LAPTIME_URL if set, else ./laptime-data (API.md).
 */
import { existsSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { CliFailure, CliUsageError } from '../cli-failure.js';
import { httpUrl, isHttpUrl } from '../option-values.js';
import { openDataSource } from './data-source.js';
import { httpSource } from './http-source.js';
import type { Source } from './source.js';

/** The data directory read when no source is named. */
export const DEFAULT_DATA_DIR = './laptime-data';

export interface SourceFlags {
  data?: string;
  url?: string;
  token?: string;
}

/** Adds --data, --url and --token to `cmd`. */
export function addSourceOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--data <dir>', 'read this data directory (read-only)').conflicts('url'))
    .addOption(
      new Option('--url <url>', 'read a collector over HTTP (default LAPTIME_URL)').argParser(httpUrl),
    )
    .addOption(new Option('--token <token>', 'bearer token of the collector (default LAPTIME_TOKEN)'));
}

/** Opens the source the flags and the environment name. */
export function openSource(
  flags: SourceFlags,
  env: Readonly<Record<string, string | undefined>>,
): Promise<Source> {
  if (flags.data !== undefined) return openDataSource(flags.data);
  const url = flags.url ?? env.LAPTIME_URL;
  if (url !== undefined && url !== '') {
    if (!isHttpUrl(url)) throw new CliUsageError(`LAPTIME_URL: '${url}' is not an http:// or https:// URL`);
    return Promise.resolve(httpSource(url, flags.token ?? env.LAPTIME_TOKEN));
  }
  // Nothing named: a newcomer may not know the CLI reads ./laptime-data by default.
  if (!existsSync(DEFAULT_DATA_DIR))
    throw new CliFailure(
      `no data directory at ${DEFAULT_DATA_DIR}: name one with --data DIR, ` +
        'or read a running collector with --url URL (or LAPTIME_URL)',
    );
  return openDataSource(DEFAULT_DATA_DIR);
}
