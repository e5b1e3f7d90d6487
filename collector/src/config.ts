/**
 * The collector's configuration: named layers merged field by field, flags over environment over
 * defaults. A bad value is reported with the variable or flag that carried it and the value.
 */
import { DEFAULT_MAX_FUTURE_MS, parseBytes, parseDuration } from '@laptime/store';
import { ConfigError } from './errors.js';

const MiB = 1024 * 1024;

/** Everything `startCollector` and `laptime serve` need. Sizes in bytes, durations in ms. */
export interface CollectorConfig {
  /** Data directory of the store. */
  dataDir: string;
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** When set, every route but /healthz and /readyz needs `Authorization: Bearer <token>`. */
  token: string | null;
  /** Bufferpool budget of the store, MiB. */
  poolMB: number;
  /** Drop data older than this many ms; null keeps everything. */
  retention: number | null;
  /** Refuse spans starting more than this many ms after the collector's clock. */
  maxFuture: number;
  /** Drop the oldest data beyond this many bytes on disk; null for no bound. */
  maxBytes: number | null;
  /** Cardinality cap of the store's series. */
  maxSeries: number;
  /** WAL bytes past the last checkpoint at most; beyond, ingest answers 503 LT_CHECKPOINT_BEHIND. */
  maxWal: number;
  /** Request body limit in bytes, applied to the compressed and to the decompressed body. */
  maxBody: number;
  /** Bytes of ingest request bodies in flight (read, decoded, or waiting for the store) at most. */
  ingestQueueBytes: number;
  /** Ingest requests past their upload (decoding or waiting for the store) at most; uploads hold bytes, not slots. */
  ingestQueueRequests: number;
  /** A client must send a request's headers within this many ms (slow-header clients are cut off). */
  headersTimeoutMs: number;
  /** A client must send a whole request, body included, within this many ms (slow bodies are cut off). */
  requestTimeoutMs: number;
  /**
   * Open a WAL damaged in the middle by dropping the damaged records and renumbering the rows
   * after them (the store's `salvageWal`); `laptime serve --salvage-wal`. Without it such a log
   * stops the collector at start with one line saying where the damage is.
   */
  salvageWal: boolean;
  /** Series /metrics shows one by one (those of most spans); the rest are summed into one. */
  metricsMaxSeries: number;
}

/** Defaults (API.md); the ingest queue holds four maximal bodies, or 64 requests. */
export const DEFAULT_CONFIG: Readonly<CollectorConfig> = {
  dataDir: './laptime-data',
  host: '127.0.0.1',
  port: 4318,
  token: null,
  poolMB: 64,
  retention: null,
  maxFuture: DEFAULT_MAX_FUTURE_MS,
  maxBytes: null,
  maxSeries: 10_000,
  maxWal: 1024 * MiB,
  maxBody: 64 * MiB,
  ingestQueueBytes: 256 * MiB,
  ingestQueueRequests: 64,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  salvageWal: false,
  metricsMaxSeries: 500,
};

/** Largest TCP port. */
const MAX_PORT = 65_535;
/** Largest cardinality cap the store accepts. */
const MAX_SERIES_LIMIT = 10_000_000;

/** One setting that a user can give as an environment variable or a `laptime serve` flag. */
export interface SettingSpec {
  key: keyof CollectorConfig;
  env: string;
  /** The long flag, e.g. `--pool-mb`. */
  flag: string;
  /** The flag's value placeholder in help. */
  placeholder: string;
  description: string;
  /** Turns the raw text into the config value; `source` names the variable or flag for errors. */
  parse(raw: string, source: string): CollectorConfig[keyof CollectorConfig];
}

/** Every user-facing setting, in help order. */
export const SETTINGS: readonly SettingSpec[] = [
  setting('dataDir', 'LAPTIME_DATA', '--data', 'dir', 'data directory of the store', text),
  setting('host', 'LAPTIME_HOST', '--host', 'host', 'address to listen on', text),
  setting('port', 'LAPTIME_PORT', '--port', 'port', 'port to listen on (0: any free port)', port),
  setting(
    'token',
    'LAPTIME_TOKEN',
    '--token',
    'token',
    'bearer token required by every route but health',
    text,
  ),
  setting('poolMB', 'LAPTIME_POOL_MB', '--pool-mb', 'mb', 'bufferpool budget in MiB', positiveNumber),
  setting(
    'retention',
    'LAPTIME_RETENTION',
    '--retention',
    'duration',
    'drop data older than this (7d, 12h)',
    duration,
  ),
  setting(
    'maxFuture',
    'LAPTIME_MAX_FUTURE',
    '--max-future',
    'duration',
    'refuse spans starting more than this ahead of the clock (3h)',
    duration,
  ),
  setting(
    'maxBytes',
    'LAPTIME_MAX_BYTES',
    '--max-bytes',
    'size',
    'drop the oldest data beyond this size (10GB)',
    bytes,
  ),
  setting('maxSeries', 'LAPTIME_MAX_SERIES', '--max-series', 'n', 'cardinality cap on series', seriesCap),
  setting(
    'maxWal',
    'LAPTIME_MAX_WAL',
    '--max-wal',
    'size',
    'refuse ingest (503) while the WAL holds this much past the last checkpoint (1GiB)',
    bytes,
  ),
  setting(
    'maxBody',
    'LAPTIME_MAX_BODY',
    '--max-body',
    'size',
    'request body limit, also after decompression',
    bytes,
  ),
  setting(
    'metricsMaxSeries',
    'LAPTIME_METRICS_MAX_SERIES',
    '--metrics-max-series',
    'n',
    'series /metrics shows one by one; the rest are summed',
    metricsSeriesCap,
  ),
];

function setting<K extends keyof CollectorConfig>(
  key: K,
  env: string,
  flag: string,
  placeholder: string,
  description: string,
  parse: (raw: string, source: string) => CollectorConfig[K],
): SettingSpec {
  return { key, env, flag, placeholder, description, parse };
}

/** The layers a configuration is merged from; a missing or empty value falls through. */
export interface ConfigLayers {
  /** Raw flag values by config key (`laptime serve`). */
  flags?: Partial<Record<keyof CollectorConfig, string | undefined>>;
  /** Usually `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Merges flags over environment over defaults.
 *
 * @throws ConfigError naming the flag or variable and the value when a value is invalid.
 */
export function resolveConfig(layers: ConfigLayers): CollectorConfig {
  const config: Record<string, unknown> = { ...DEFAULT_CONFIG };
  for (const spec of SETTINGS) {
    const flag = layers.flags?.[spec.key];
    const env = layers.env?.[spec.env];
    if (flag !== undefined && flag !== '') config[spec.key] = spec.parse(flag, spec.flag);
    else if (env !== undefined && env !== '') config[spec.key] = spec.parse(env, spec.env);
  }
  return config as unknown as CollectorConfig;
}

/**
 * Defaults completed by `partial`, checked as a whole (what `startCollector` takes from code).
 *
 * @throws ConfigError naming the field and the value when a value is invalid.
 */
export function completeConfig(partial: Partial<CollectorConfig>): CollectorConfig {
  const c: CollectorConfig = { ...DEFAULT_CONFIG };
  for (const [key, value] of Object.entries(partial) as [keyof CollectorConfig, unknown][]) {
    if (value !== undefined) (c as unknown as Record<string, unknown>)[key] = value;
  }
  integerIn(c.port, 0, MAX_PORT, 'port');
  positive(c.poolMB, 'poolMB');
  if (c.retention !== null) positive(c.retention, 'retention');
  positive(c.maxFuture, 'maxFuture');
  if (c.maxBytes !== null) positive(c.maxBytes, 'maxBytes');
  integerIn(c.maxSeries, 1, MAX_SERIES_LIMIT, 'maxSeries');
  integerIn(c.maxBody, 1, Number.MAX_SAFE_INTEGER, 'maxBody');
  integerIn(c.maxWal, 1, Number.MAX_SAFE_INTEGER, 'maxWal');
  integerIn(c.ingestQueueBytes, 1, Number.MAX_SAFE_INTEGER, 'ingestQueueBytes');
  integerIn(c.ingestQueueRequests, 1, Number.MAX_SAFE_INTEGER, 'ingestQueueRequests');
  integerIn(c.headersTimeoutMs, 1, Number.MAX_SAFE_INTEGER, 'headersTimeoutMs');
  integerIn(c.requestTimeoutMs, c.headersTimeoutMs, Number.MAX_SAFE_INTEGER, 'requestTimeoutMs');
  integerIn(c.metricsMaxSeries, 0, MAX_SERIES_LIMIT, 'metricsMaxSeries');
  if (typeof c.dataDir !== 'string' || c.dataDir === '')
    throw new ConfigError('dataDir: must be a directory path');
  if (typeof c.host !== 'string' || c.host === '')
    throw new ConfigError('host: must be a host name or address');
  if (c.token !== null && (typeof c.token !== 'string' || c.token === ''))
    throw new ConfigError('token: must be a non-empty string or null');
  return c;
}

function text(raw: string): string {
  return raw;
}

function port(raw: string, source: string): number {
  const n = /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  return integerIn(n, 0, MAX_PORT, source, raw);
}

function positiveNumber(raw: string, source: string): number {
  const n = /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
  return positive(n, source, raw);
}

function seriesCap(raw: string, source: string): number {
  return seriesCount(raw, source, 1);
}

function metricsSeriesCap(raw: string, source: string): number {
  return seriesCount(raw, source, 0);
}

function seriesCount(raw: string, source: string, lo: number): number {
  const n = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  return integerIn(n, lo, MAX_SERIES_LIMIT, source, raw);
}

function duration(raw: string, source: string): number {
  return storeParse(() => parseDuration(raw, source), source, raw, 'a duration such as 90s, 12h or 7d');
}

function bytes(raw: string, source: string): number {
  return storeParse(() => parseBytes(raw, source), source, raw, 'a size such as 512MB, 10GB or 1GiB');
}

function storeParse(parse: () => number, source: string, raw: string, expected: string): number {
  try {
    return parse();
  } catch {
    throw new ConfigError(`${source}: '${raw}' is not ${expected}`);
  }
}

function positive(n: number, source: string, raw: unknown = n): number {
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0)
    throw new ConfigError(`${source}: '${String(raw)}' is not a positive number`);
  return n;
}

function integerIn(n: number, lo: number, hi: number, source: string, raw: unknown = n): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < lo || n > hi)
    throw new ConfigError(`${source}: '${String(raw)}' is not an integer from ${lo} to ${hi}`);
  return n;
}
