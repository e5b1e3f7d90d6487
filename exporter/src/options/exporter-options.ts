import { validateHeaderName, validateHeaderValue } from 'node:http';
import type { StoreOptions } from '@laptime/store';
import { envValue } from './env.js';
import { invalidOption, invalidSecret } from './invalid-option.js';
import { parseHeadersVariable } from './parse-headers.js';
import { resolveTracesUrl } from './resolve-url.js';

/** Default bound on one export, retries included. */
export const DEFAULT_TIMEOUT_MILLIS = 10_000;
/** Longest timeout a Node.js timer can hold. */
export const MAX_TIMEOUT_MILLIS = 2 ** 31 - 1;
/**
 * Default bound on spans waiting for the collector: four times the BatchSpanProcessor's queue,
 * so a collector restart of a few seconds loses nothing at ordinary rates.
 */
export const DEFAULT_MAX_QUEUE_SPANS = 4 * 2048;
/** Largest accepted `maxQueueSpans`: a ring of references this long stays a few MiB. */
export const MAX_QUEUE_SPANS_LIMIT = 1 << 20;

/** Options of {@link LaptimeSpanExporter}. Options given here win over the environment. */
export interface LaptimeSpanExporterOptions {
  /**
   * Collector URL (remote mode). A URL with no path gets `/v1/traces`. Default: `LAPTIME_URL`,
   * then the `OTEL_EXPORTER_OTLP_*` variables, then `http://localhost:4318/v1/traces`.
   */
  url?: string;
  /** Extra request headers, over those of `OTEL_EXPORTER_OTLP_[TRACES_]HEADERS`. */
  headers?: Record<string, string>;
  /** Sends `Authorization: Bearer <token>`. Default: `LAPTIME_TOKEN`. */
  token?: string;
  /**
   * Bound on one delivery attempt, retries included, and on `forceFlush`/`shutdown`. Default:
   * `OTEL_EXPORTER_OTLP_[TRACES_]TIMEOUT`, else 10 s.
   */
  timeoutMillis?: number;
  /**
   * Request body compression. Default: `OTEL_EXPORTER_OTLP_[TRACES_]COMPRESSION`, else `'none'` (a
   * collector on the same host gains nothing from gzip).
   */
  compression?: 'gzip' | 'none';
  /** Embedded mode: the store lives in this process, in this directory. Excludes `url`. */
  dataDir?: string;
  /** Embedded mode: options of `Store.open` (pool size, retention, ...). */
  store?: StoreOptions;
  /**
   * Remote mode: at most this many spans wait for the collector (queued or being sent); beyond
   * it the oldest waiting spans are dropped and counted. Default 8192.
   */
  maxQueueSpans?: number;
}

export interface RemoteOptions {
  mode: 'remote';
  url: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  timeoutMillis: number;
  compression: 'gzip' | 'none';
  maxQueueSpans: number;
}

export interface EmbeddedOptions {
  mode: 'embedded';
  dataDir: string;
  store: StoreOptions;
  timeoutMillis: number;
}

export type ResolvedOptions = RemoteOptions | EmbeddedOptions;

/**
 * Merges the options over the environment and the defaults, checking every value.
 *
 * @throws InvalidArgumentError naming the option (or variable) and its value.
 */
export function resolveOptions(
  options: LaptimeSpanExporterOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw invalidOption('options', options, 'an object');
  const timeoutMillis = resolveTimeout(options.timeoutMillis, env);
  if (options.dataDir !== undefined) {
    if (typeof options.dataDir !== 'string' || options.dataDir.trim() === '')
      throw invalidOption('dataDir', options.dataDir, 'a directory path');
    if (options.url !== undefined) throw invalidOption('url', options.url, 'unset when dataDir is set');
    if (options.store !== undefined && (typeof options.store !== 'object' || options.store === null))
      throw invalidOption('store', options.store, 'an object of Store.open options');
    return { mode: 'embedded', dataDir: options.dataDir, store: options.store ?? {}, timeoutMillis };
  }
  return {
    mode: 'remote',
    url: resolveTracesUrl(options.url, env),
    headers: resolveHeaders(options, env),
    timeoutMillis,
    compression: resolveCompression(options.compression, env),
    maxQueueSpans: resolveMaxQueueSpans(options.maxQueueSpans),
  };
}

/**
 * `OTEL_EXPORTER_OTLP_TRACES_<key>`, else `OTEL_EXPORTER_OTLP_<key>`: the signal-specific variable
 * wins, as the OpenTelemetry specification says. Returns the variable's name and its value.
 */
function otlpVariable(env: NodeJS.ProcessEnv, key: 'TIMEOUT' | 'COMPRESSION'): [string, string] | undefined {
  for (const name of [`OTEL_EXPORTER_OTLP_TRACES_${key}`, `OTEL_EXPORTER_OTLP_${key}`]) {
    const value = envValue(env, name);
    if (value !== undefined) return [name, value];
  }
  return undefined;
}

const TIMEOUT_RANGE = `a number of milliseconds in (0, ${MAX_TIMEOUT_MILLIS}]`;

function resolveTimeout(v: unknown, env: NodeJS.ProcessEnv): number {
  if (v === undefined) {
    const fromEnv = otlpVariable(env, 'TIMEOUT');
    if (fromEnv === undefined) return DEFAULT_TIMEOUT_MILLIS;
    const [name, text] = fromEnv;
    const ms = Number(text);
    if (!isTimeout(ms)) throw invalidOption(name, text, TIMEOUT_RANGE);
    return ms;
  }
  if (!isTimeout(v)) throw invalidOption('timeoutMillis', v, TIMEOUT_RANGE);
  return v;
}

function isTimeout(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= MAX_TIMEOUT_MILLIS;
}

function resolveCompression(v: unknown, env: NodeJS.ProcessEnv): 'gzip' | 'none' {
  if (v === undefined) {
    const fromEnv = otlpVariable(env, 'COMPRESSION');
    if (fromEnv === undefined) return 'none';
    const [name, text] = fromEnv;
    const c = text.toLowerCase();
    if (!isCompression(c)) throw invalidOption(name, text, "'gzip' or 'none'");
    return c;
  }
  if (!isCompression(v)) throw invalidOption('compression', v, "'gzip' or 'none'");
  return v;
}

function isCompression(v: unknown): v is 'gzip' | 'none' {
  return v === 'gzip' || v === 'none';
}

function resolveMaxQueueSpans(v: unknown): number {
  if (v === undefined) return DEFAULT_MAX_QUEUE_SPANS;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_QUEUE_SPANS_LIMIT)
    throw invalidOption('maxQueueSpans', v, `an integer in [1, ${MAX_QUEUE_SPANS_LIMIT}]`);
  return v;
}

/** Environment headers, then the `headers` option, then `token`: later layers win. */
function resolveHeaders(options: LaptimeSpanExporterOptions, env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_TRACES_HEADERS']) {
    const value = envValue(env, name);
    if (value !== undefined) addHeaders(out, name, parseHeadersVariable(name, value));
  }
  if (options.headers !== undefined) {
    if (typeof options.headers !== 'object' || options.headers === null || Array.isArray(options.headers))
      throw invalidOption('headers', options.headers, 'an object of header names to string values');
    addHeaders(out, 'headers', options.headers);
  }
  const token = options.token ?? envValue(env, 'LAPTIME_TOKEN');
  if (token !== undefined) {
    if (typeof token !== 'string' || token === '' || /\s/.test(token))
      throw invalidSecret(
        options.token === undefined ? 'LAPTIME_TOKEN' : 'token',
        'a non-empty string without whitespace',
      );
    out['authorization'] = `Bearer ${token}`;
  }
  return out;
}

function addHeaders(out: Record<string, string>, source: string, headers: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(headers)) {
    try {
      validateHeaderName(name);
    } catch {
      throw invalidOption(`${source} name`, name, 'a valid HTTP header name');
    }
    const where = `${source}[${JSON.stringify(name)}]`;
    if (typeof value !== 'string') throw invalidSecret(where, 'a string');
    try {
      validateHeaderValue(name, value);
    } catch {
      throw invalidSecret(where, 'a valid HTTP header value (no line breaks or control characters)');
    }
    out[name.toLowerCase()] = value;
  }
}
