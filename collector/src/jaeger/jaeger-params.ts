/** Query parameters as the Jaeger UI and Grafana's Jaeger data source send them. */
import type { Request } from 'express';
import { parseGoDuration } from '../api/go-duration.js';
import { invalidParam, stringParam } from '../api/query-params.js';

/** A time in unix microseconds (Jaeger's `start`, `end`), as unix ms. */
export function microsParam(req: Request, name: string): number | undefined {
  const v = stringParam(req, name);
  if (v === undefined) return undefined;
  if (!/^\d{1,19}$/.test(v.trim())) throw invalidParam(name, v, 'unix microseconds');
  return Number(BigInt(v.trim()) / 1000n);
}

/** A time in unix milliseconds or a span of ms (`endTs`, `lookback` of /api/dependencies). */
export function millisParam(req: Request, name: string): number | undefined {
  const v = stringParam(req, name);
  if (v === undefined) return undefined;
  if (!/^\d{1,16}$/.test(v.trim())) throw invalidParam(name, v, 'milliseconds');
  return Number(v);
}

/** A Go duration (`minDuration=1.2s`) in nanoseconds. */
export function durationParam(req: Request, name: string): number | undefined {
  const v = stringParam(req, name);
  if (v === undefined) return undefined;
  const ns = parseGoDuration(v);
  if (ns === null) throw invalidParam(name, v, 'a duration such as 100ms, 1.5s or 2m');
  return ns;
}

/**
 * The tag conditions of a search: `tags` as a JSON object of strings (what the UI and Grafana
 * send), and `tag=key:value`, repeatable.
 */
export function tagsParam(req: Request): Map<string, string> {
  const out = new Map<string, string>();
  const json = stringParam(req, 'tags');
  if (json !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      throw invalidParam('tags', json, 'a JSON object of tag values');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw invalidParam('tags', json, 'a JSON object of tag values');
    for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
        throw invalidParam('tags', json, 'a JSON object whose values are strings');
      out.set(k, String(v));
    }
  }
  for (const t of listParam(req, 'tag')) {
    const colon = t.indexOf(':');
    if (colon <= 0) throw invalidParam('tag', t, 'key:value');
    out.set(t.slice(0, colon), t.slice(colon + 1));
  }
  return out;
}

/** A parameter that may repeat (`traceID=a&traceID=b`). */
export function listParam(req: Request, name: string): string[] {
  const v: unknown = (req.query as Record<string, unknown>)[name];
  if (v === undefined) return [];
  const list = Array.isArray(v) ? (v as unknown[]) : [v];
  if (!list.every((x): x is string => typeof x === 'string'))
    throw invalidParam(name, JSON.stringify(v), 'text');
  return list.filter((x) => x !== '');
}
