import { envValue } from './env.js';
import { invalidOption } from './invalid-option.js';

/** The OTLP/HTTP traces path, appended to endpoints that name only a host. */
export const TRACES_PATH = '/v1/traces';
/** Where the exporter sends when nothing says otherwise: a collector on this machine. */
export const DEFAULT_TRACES_URL = `http://localhost:4318${TRACES_PATH}`;

/**
 * The collector URL, by the OpenTelemetry specification's order: the `url` option, then
 * `LAPTIME_URL` (both get `/v1/traces` when they name no path), then
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (used as is), then `OTEL_EXPORTER_OTLP_ENDPOINT`
 * (plus `/v1/traces`), then {@link DEFAULT_TRACES_URL}.
 *
 * @throws InvalidArgumentError naming the option or variable when the value is not an http(s) URL.
 */
export function resolveTracesUrl(option: unknown, env: NodeJS.ProcessEnv): string {
  if (option !== undefined) {
    if (typeof option !== 'string' || option.trim() === '')
      throw invalidOption('url', option, 'an http(s) URL string');
    return withTracesPath(parseHttpUrl('url', option.trim()));
  }
  const laptime = envValue(env, 'LAPTIME_URL');
  if (laptime !== undefined) return withTracesPath(parseHttpUrl('LAPTIME_URL', laptime));
  const traces = envValue(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  if (traces !== undefined) return parseHttpUrl('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', traces).href;
  const base = envValue(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (base !== undefined) return appendTracesPath(parseHttpUrl('OTEL_EXPORTER_OTLP_ENDPOINT', base));
  return DEFAULT_TRACES_URL;
}

function parseHttpUrl(name: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidOption(name, value, 'an http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw invalidOption(name, value, 'an http(s) URL');
  return url;
}

/** A URL that names only a host (path `/`) gets the traces path; one with a path is kept. */
function withTracesPath(url: URL): string {
  return url.pathname === '/' ? appendTracesPath(url) : url.href;
}

function appendTracesPath(url: URL): string {
  const copy = new URL(url.href);
  copy.pathname = copy.pathname.replace(/\/+$/, '') + TRACES_PATH;
  return copy.href;
}
