import { invalidOption } from './invalid-option.js';

/**
 * Parses an OTLP headers variable (`k=v,k2=v2`, keys and values URL-encoded, whitespace around
 * them ignored), as the OpenTelemetry specification describes `OTEL_EXPORTER_OTLP_HEADERS`.
 *
 * @throws InvalidArgumentError naming the variable for an entry without `=` or with an empty key.
 */
export function parseHeadersVariable(name: string, value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of value.split(',')) {
    if (entry.trim() === '') continue;
    const eq = entry.indexOf('=');
    const key = eq < 0 ? '' : decode(name, entry.slice(0, eq).trim());
    if (key === '') throw invalidOption(name, value, 'a list of key=value pairs separated by commas');
    out[key] = decode(name, entry.slice(eq + 1).trim());
  }
  return out;
}

function decode(name: string, part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw invalidOption(name, part, 'URL-encoded text');
  }
}
