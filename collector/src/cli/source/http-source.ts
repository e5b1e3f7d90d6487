/** A collector's REST API as a `Source` (API.md), with an optional bearer token. */
import type { SeriesInfo, StatsResult } from '@laptime/store';
import type { SpanJson } from '../../api/span-json.js';
import { CliFailure } from '../cli-failure.js';
import { SPAN_PAGE_SIZE, type Source, type SpanFilter, type StatsQuery, type TraceJson } from './source.js';

/** A collector that does not answer within this is reported unreachable. */
const REQUEST_TIMEOUT_MS = 30_000;

type Query = Record<string, string | number | boolean | undefined>;

export function httpSource(url: string, token: string | undefined): Source {
  const base = url.replace(/\/+$/, '');
  const get = async <T>(path: string, query: Query = {}): Promise<T> => {
    const target = new URL(base + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) target.searchParams.set(k, String(v));
    let res: Response;
    try {
      res = await fetch(target, {
        headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      throw new CliFailure(`cannot reach the collector at ${url}: ${reasonOf(err)}`);
    }
    const body: unknown = await res.json().catch(() => null);
    if (res.ok && body !== null) return body as T;
    const error = (body as { error?: { message?: string } } | null)?.error;
    throw new CliFailure(error?.message ?? `${url} answered ${res.status} to GET ${path}`);
  };
  return {
    where: url,
    url: base,
    span: (index) => get<SpanJson>(`/api/spans/${index}`),
    trace: (traceId) => get<TraceJson>(`/api/traces/${encodeURIComponent(traceId)}`),
    spanPages: (filter) => pages(get, filter),
    names: async () => (await get<{ series: SeriesInfo[] }>('/api/names')).series,
    stats: (name, query) => get<StatsResult>(`/api/stats/${namePath(name)}`, windowQuery(query)),
    statsList: async (query) =>
      (
        await get<{ stats: StatsResult[] }>('/api/stats', {
          ...windowQuery(query),
          sort: query.sort,
          limit: query.limit,
        })
      ).stats,
    close: () => Promise.resolve(),
  };
}

/**
 * A series name as one path segment. Slashes stay escaped: a name such as `../../metrics` would
 * otherwise be resolved as dot segments by the URL parser and ask another route. A name that is
 * itself a dot segment cannot be sent in a path at all (every spelling of it is resolved).
 */
function namePath(name: string): string {
  if (name === '.' || name === '..')
    throw new CliFailure(`a series named '${name}' cannot be asked for over HTTP; read it with --data`);
  return encodeURIComponent(name);
}

function windowQuery(q: StatsQuery): Query {
  return { service: q.service, from: q.from, to: q.to, exact: q.exact === true ? true : undefined };
}

async function* pages(
  get: <T>(path: string, query?: Query) => Promise<T>,
  filter: SpanFilter,
): AsyncIterable<SpanJson[]> {
  let after: string | undefined;
  for (;;) {
    const page = await get<{ spans: SpanJson[]; next: string | null }>('/api/spans', {
      ...filter,
      limit: SPAN_PAGE_SIZE,
      after,
    });
    if (page.spans.length > 0) yield page.spans;
    if (page.next === null) return;
    after = page.next;
  }
}

/** The system error code (ECONNREFUSED, ENOTFOUND, ...) behind a failed fetch, else its message. */
export function reasonOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code !== undefined) return cause.code;
  if (err instanceof Error && err.name === 'TimeoutError') return `no answer within ${REQUEST_TIMEOUT_MS} ms`;
  return cause?.message ?? (err instanceof Error ? err.message : String(err));
}
