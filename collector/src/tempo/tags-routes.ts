/**
 * Autocompletion for Grafana's TraceQL editor: tag names (GET /api/search/tags, /api/v2/search/tags)
 * and tag values (GET /api/search/tag/<tag>/values, /api/v2/search/tag/<tag>/values), taken from
 * the newest spans (in `start`/`end` when given, matching `q` when it parses) and, for services
 * and span names, from the store's series.
 */
import { Router, type Request } from 'express';
import { acceptParams } from '../api/accepted-params.js';
import type { AnyValue, Row } from '@laptime/store';
import { enumParam, integerParam, stringParam } from '../api/query-params.js';
import type { CollectorContext } from '../context.js';
import { CollectorError, CollectorErrorCode } from '../errors.js';
import { visitMatching } from './candidate-spans.js';
import type { Field } from './traceql-ast.js';
import { fieldOf, parseTraceQl } from './traceql-parser.js';
import { tempoWindow } from './tempo-params.js';

/** Spans read for tag names and values: recent data is what an editor completes from. */
export const MAX_TAG_SCAN_SPANS = 5_000;
/** Names or values per answer (per scope for names) when `limit` is not given, and at most. */
export const DEFAULT_TAG_LIMIT = 1_000;
export const MAX_TAG_LIMIT = 10_000;

/** The intrinsic fields the TraceQL subset filters on. */
export const INTRINSIC_TAGS = ['duration', 'kind', 'name', 'status'] as const;
const KEYWORDS: Partial<Record<Field['kind'], readonly string[]>> = {
  status: ['error', 'ok', 'unset'],
  spanKind: ['client', 'consumer', 'internal', 'producer', 'server', 'unspecified'],
};

type Scope = 'span' | 'resource' | 'intrinsic';

/**
 * The parameters of the tag routes, as Tempo takes them. `maxStaleValues` only tells Tempo when
 * to stop reading blocks early; Laptime's bounded read needs no such hint.
 */
const TAG_PARAMS = ['scope', 'q', 'start', 'end', 'limit', 'maxStaleValues'];

export function tagsRoutes(ctx: CollectorContext): Router {
  const router = Router();
  router.get('/api/search/tags', async (req, res) => {
    acceptParams(req, TAG_PARAMS);
    const names = await tagNames(ctx, req);
    res.json({ tagNames: [...new Set([...names.span, ...names.resource, ...names.intrinsic])].sort() });
  });
  router.get('/api/v2/search/tags', async (req, res) => {
    acceptParams(req, TAG_PARAMS);
    const names = await tagNames(ctx, req);
    const scopes = (['resource', 'span', 'intrinsic'] as const)
      .filter((s) => names[s].length > 0)
      .map((name) => ({ name, tags: names[name] }));
    res.json({ scopes });
  });
  router.get('/api/search/tag/:tag/values', async (req, res) => {
    acceptParams(req, TAG_PARAMS);
    const values = await tagValues(ctx, req, { kind: 'attribute', scope: 'any', key: req.params.tag });
    res.json({ tagValues: values.map((v) => v.value) });
  });
  router.get('/api/v2/search/tag/:tag/values', async (req, res) => {
    acceptParams(req, TAG_PARAMS);
    // A tag outside the subset (an event or trace-level field) has no values here, as an
    // unobserved tag has none in Tempo: the editor keeps working.
    const field = orNull(() => fieldOf(req.params.tag));
    res.json({ tagValues: field === null ? [] : await tagValues(ctx, req, field) });
  });
  return router;
}

async function tagNames(ctx: CollectorContext, req: Request): Promise<Record<Scope, string[]>> {
  const scope = enumParam(req, 'scope', [
    'all',
    'span',
    'resource',
    'intrinsic',
    'event',
    'link',
    'instrumentation',
  ]);
  const limit = integerParam(req, 'limit', 1, MAX_TAG_LIMIT) ?? DEFAULT_TAG_LIMIT;
  const wants = (s: Scope): boolean => scope === undefined || scope === 'all' || scope === s;
  const span = new Set<string>();
  const resource = new Set<string>();
  if (wants('span') || wants('resource')) {
    await recentMatching(ctx, req, (row) => {
      if (wants('span')) addKeys(span, row.attributes, limit);
      if (wants('resource')) addKeys(resource, row.resource, limit);
    });
  }
  return {
    span: [...span].sort(),
    resource: [...resource].sort(),
    intrinsic: wants('intrinsic') ? [...INTRINSIC_TAGS] : [],
  };
}

interface TypedValue {
  type: 'string' | 'int' | 'float' | 'bool' | 'keyword';
  value: string;
}

async function tagValues(ctx: CollectorContext, req: Request, field: Field): Promise<TypedValue[]> {
  const limit = integerParam(req, 'limit', 1, MAX_TAG_LIMIT) ?? DEFAULT_TAG_LIMIT;
  const keywords = KEYWORDS[field.kind];
  if (keywords !== undefined) return keywords.map((value) => ({ type: 'keyword', value }));
  const out = new Map<string, TypedValue>();
  const add = (v: AnyValue | undefined): void => {
    const typed = v === undefined ? null : typedValue(v);
    if (typed !== null && out.size < limit) out.set(`${typed.type}:${typed.value}`, typed);
  };
  if (field.kind === 'service' || field.kind === 'name') {
    // Every series, not only recent spans: the store lists them at no cost.
    for (const s of ctx.store.series()) add(field.kind === 'service' ? s.service : s.name);
  } else if (field.kind === 'attribute') {
    await recentMatching(ctx, req, (row) => {
      if (field.scope !== 'resource') add(row.attributes[field.key]);
      if (field.scope !== 'span') add(row.resource[field.key]);
    });
  }
  return [...out.values()].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/** Visits the newest spans matching `q` (all when absent) in the request's window. */
async function recentMatching(ctx: CollectorContext, req: Request, visit: (row: Row) => void): Promise<void> {
  const q = stringParam(req, 'q');
  // The editor sends what is typed so far (`{ resource.x = }`): as Tempo does, a filter that
  // does not parse filters nothing.
  const filter = (q === undefined ? null : orNull(() => parseTraceQl(q).filter)) ?? ({ op: 'true' } as const);
  let seen = 0;
  await visitMatching(ctx, filter, tempoWindow(req), (_index, row) => {
    visit(row);
    return ++seen < MAX_TAG_SCAN_SPANS;
  });
}

/** `f()`, or null when it throws LT_UNSUPPORTED_QUERY. */
function orNull<T>(f: () => T): T | null {
  try {
    return f();
  } catch (err) {
    if (err instanceof CollectorError && err.code === CollectorErrorCode.UnsupportedQuery) return null;
    throw err;
  }
}

function addKeys(into: Set<string>, attrs: Row['attributes'], limit: number): void {
  for (const key of Object.keys(attrs)) if (into.size < limit) into.add(key);
}

/** A scalar attribute value as Tempo types it; arrays, maps, bytes and empty values have none. */
function typedValue(v: AnyValue): TypedValue | null {
  switch (typeof v) {
    case 'string':
      return { type: 'string', value: v };
    case 'bigint':
      return { type: 'int', value: v.toString() };
    case 'number':
      return { type: 'float', value: String(v) };
    case 'boolean':
      return { type: 'bool', value: String(v) };
    default:
      return null;
  }
}
