/**
 * The source options every read verb shares: `--data DIR` or `--url URL` (with `--token`);
 * neither given: LAPTIME_URL if set, else ./laptime-data (API.md).
 */
import { Option, type Command } from 'commander';
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
    .addOption(new Option('--url <url>', 'read a collector over HTTP (default LAPTIME_URL)'))
    .addOption(new Option('--token <token>', 'bearer token of the collector (default LAPTIME_TOKEN)'));
}

/** Opens the source the flags and the environment name. */
export function openSource(
  flags: SourceFlags,
  env: Readonly<Record<string, string | undefined>>,
): Promise<Source> {
  if (flags.data !== undefined) return openDataSource(flags.data);
  const url = flags.url ?? env.LAPTIME_URL;
  if (url !== undefined && url !== '')
    return Promise.resolve(httpSource(url, flags.token ?? env.LAPTIME_TOKEN));
  return openDataSource(DEFAULT_DATA_DIR);
}
