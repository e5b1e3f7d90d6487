/**
 * GET /api/spans/:index (one row by its global index; as OTLP `TracesData` when asked, see
 * otlp-format.ts) and GET /api/spans (a filtered page of rows
 * in index order, with a cursor for the next page).
 */
import { Router } from 'express';
import type { Request } from 'express';
import type { ScanFilter } from '@laptime/store';
import type { CollectorContext } from '../context.js';
import { requestedOtlp, sendTracesData } from '../otlp-out/otlp-format.js';
import {
  enumParam,
  integerParam,
  invalidParam,
  numberParam,
  stringParam,
  traceIdOf,
  windowParams,
} from './query-params.js';
import { acceptParams } from './accepted-params.js';
import { spanJson, type SpanJson } from './span-json.js';

/** Spans per page when `limit` is not given, and at most. */
export const DEFAULT_SPANS_LIMIT = 100;
export const MAX_SPANS_LIMIT = 1000;

/** Query parameters of GET /api/spans. */
export const SPANS_PARAMS = [
  'name',
  'service',
  'traceId',
  'from',
  'to',
  'window',
  'minDuration',
  'status',
  'limit',
  'after',
  'order',
] as const;

export function spansRoute(ctx: CollectorContext): Router {
  const router = Router();
  router.get('/api/spans/:index', (req, res) => {
    acceptParams(req, ['format']);
    const raw = req.params.index;
    const index = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(index))
      throw invalidParam('index', raw, 'a row index (a non-negative integer)');
    const otlp = requestedOtlp(req);
    const row = ctx.store.fetch(index);
    if (otlp !== null) sendTracesData(res, [row], otlp);
    else res.json(spanJson(index, row));
  });
  router.get('/api/spans', (req, res) => {
    acceptParams(req, SPANS_PARAMS);
    const limit = integerParam(req, 'limit', 1, MAX_SPANS_LIMIT) ?? DEFAULT_SPANS_LIMIT;
    const filter = scanFilter(req);
    // One row past the page tells whether a next page exists. Rows are read after the scan,
    // which visits indexes only.
    const indexes: number[] = [];
    ctx.store.scan(filter, (index) => {
      indexes.push(index);
      return indexes.length <= limit;
    });
    const more = indexes.length > limit;
    if (more) indexes.pop();
    const spans: SpanJson[] = indexes.map((index) => spanJson(index, ctx.store.fetch(index)));
    res.json({ spans, next: more ? String(indexes[indexes.length - 1]) : null });
  });
  return router;
}

function scanFilter(req: Request): ScanFilter {
  const f: ScanFilter = windowParams(req, Date.now());
  const name = stringParam(req, 'name');
  const service = stringParam(req, 'service');
  const traceId = stringParam(req, 'traceId');
  const minDuration = numberParam(req, 'minDuration');
  const status = enumParam(req, 'status', ['unset', 'ok', 'error'] as const);
  const order = enumParam(req, 'order', ['asc', 'desc'] as const);
  const after = integerParam(req, 'after', 0, Number.MAX_SAFE_INTEGER);
  if (name !== undefined) f.name = name;
  if (service !== undefined) f.service = service;
  if (traceId !== undefined) f.traceId = traceIdOf(traceId, 'traceId');
  if (minDuration !== undefined) f.minDuration = minDuration;
  if (status !== undefined) f.status = status;
  if (order !== undefined) f.order = order;
  if (after !== undefined) f.after = after;
  return f;
}
