/**
 * The Jaeger query API: services, operations, trace search, trace by id and service
 * dependencies, in the JSON the Jaeger UI and Grafana's Jaeger data source read.
 */
import { Router, type Request } from 'express';
import { acceptParams } from '../api/accepted-params.js';
import { NotFoundError, type Row } from '@laptime/store';
import { integerParam, invalidParam, stringParam, traceIdOf } from '../api/query-params.js';
import { hex } from '../api/span-json.js';
import { traceRowsById } from '../api/trace-json.js';
import type { CollectorContext } from '../context.js';
import { visitRows } from '../tempo/candidate-spans.js';
import { sendData } from './jaeger-envelope.js';
import { durationParam, listParam, microsParam, millisParam, tagsParam } from './jaeger-params.js';
import { tagText } from './jaeger-tags.js';
import { jaegerTrace } from './jaeger-trace.js';

/** Jaeger's default number of traces per search, and Laptime's cap. */
export const DEFAULT_JAEGER_LIMIT = 20;
export const MAX_JAEGER_LIMIT = 1500;
/** Spans read to learn the kinds of a service's operations. */
export const MAX_KIND_SCAN_SPANS = 5_000;
/** Jaeger's default window of /api/dependencies: a day back from `endTs`. */
export const DEFAULT_LOOKBACK_MS = 86_400_000;

/** What the Jaeger UI and Grafana's Jaeger data source send to /api/traces. */
const SEARCH_PARAMS = [
  'service',
  'operation',
  'tags',
  'tag',
  'minDuration',
  'maxDuration',
  'limit',
  'start',
  'end',
  'lookback',
  'traceID',
];

const KIND_NAMES = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

export function jaegerRoutes(ctx: CollectorContext): Router {
  const router = Router();
  router.get('/api/services', (req, res) => {
    acceptParams(req, []);
    sendData(res, [...new Set(ctx.store.series().map((s) => s.service))].sort());
  });
  router.get('/api/services/:service/operations', (req, res) => {
    acceptParams(req, []);
    sendData(res, operationNames(ctx, req.params.service));
  });
  router.get('/api/operations', async (req, res) => {
    acceptParams(req, ['service', 'spanKind']);
    const service = stringParam(req, 'service');
    if (service === undefined) throw invalidParam('service', '', 'a service name');
    const kind = stringParam(req, 'spanKind');
    sendData(
      res,
      (await operations(ctx, service)).filter((o) => kind === undefined || o.spanKind === kind),
    );
  });
  router.get('/api/traces/:traceId', (req, res) => {
    acceptParams(req, ['start', 'end']);
    sendData(res, [jaegerTrace(traceOrThrow(ctx, req.params.traceId))]);
  });
  router.get('/api/traces', async (req, res) => {
    acceptParams(req, SEARCH_PARAMS);
    const ids = listParam(req, 'traceID');
    if (ids.length > 0) {
      sendData(
        res,
        ids.map((id) => jaegerTrace(traceOrThrow(ctx, id))),
      );
      return;
    }
    sendData(res, (await searchTraces(ctx, req)).map(jaegerTrace));
  });
  router.get('/api/dependencies', async (req, res) => {
    acceptParams(req, ['endTs', 'lookback']);
    const endTs = millisParam(req, 'endTs') ?? Date.now();
    const lookback = millisParam(req, 'lookback') ?? DEFAULT_LOOKBACK_MS;
    sendData(res, await dependencies(ctx, Math.max(0, endTs - lookback), endTs));
  });
  return router;
}

function operationNames(ctx: CollectorContext, service: string): string[] {
  return [
    ...new Set(
      ctx.store
        .series()
        .filter((s) => s.service === service)
        .map((s) => s.name),
    ),
  ].sort();
}

/** A service's operations with the kinds its newest spans show ('' where none was seen). */
async function operations(
  ctx: CollectorContext,
  service: string,
): Promise<{ name: string; spanKind: string }[]> {
  const seen = new Map<string, { name: string; spanKind: string }>();
  let read = 0;
  await visitRows(
    ctx,
    { service },
    () => true,
    (_index, row) => {
      const spanKind = KIND_NAMES[row.kind] === 'unspecified' ? '' : (KIND_NAMES[row.kind] ?? '');
      seen.set(`${row.name}\u0000${spanKind}`, { name: row.name, spanKind });
      return ++read < MAX_KIND_SCAN_SPANS;
    },
  );
  for (const name of operationNames(ctx, service))
    if (![...seen.values()].some((o) => o.name === name)) seen.set(name, { name, spanKind: '' });
  return [...seen.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function traceOrThrow(ctx: CollectorContext, raw: string): Row[] {
  const id = /^[0-9a-fA-F]{1,32}$/.test(raw) ? raw.padStart(32, '0') : raw;
  const rows = traceRowsById(ctx.store, traceIdOf(id, 'traceID')).map((r) => r.row);
  if (rows.length === 0) throw new NotFoundError(`trace ${raw} not found`);
  return rows;
}

/** The newest traces with a span matching the search, each whole. */
async function searchTraces(ctx: CollectorContext, req: Request): Promise<Row[][]> {
  const service = stringParam(req, 'service');
  if (service === undefined)
    throw invalidParam('service', '', "a service name (parameter 'service' is required)");
  const operation = stringParam(req, 'operation');
  const tags = tagsParam(req);
  const minNs = durationParam(req, 'minDuration');
  const maxNs = durationParam(req, 'maxDuration');
  const limit = integerParam(req, 'limit', 1, MAX_JAEGER_LIMIT) ?? DEFAULT_JAEGER_LIMIT;
  const from = microsParam(req, 'start');
  const to = microsParam(req, 'end');
  stringParam(req, 'lookback'); // the UI sends it with start and end, which already say the window

  const found = new Map<string, Uint8Array>();
  await visitRows(
    ctx,
    {
      service,
      ...(operation === undefined ? {} : { name: operation }),
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
    },
    (row) => {
      const ns = Number(row.endTimeUnixNano - row.startTimeUnixNano);
      if (minNs !== undefined && ns < minNs) return false;
      if (maxNs !== undefined && ns > maxNs) return false;
      for (const [key, value] of tags) if (!hasTag(row, key, value)) return false;
      return true;
    },
    (_index, row) => {
      const id = hex(row.traceId);
      if (!found.has(id)) found.set(id, row.traceId);
      return found.size < limit;
    },
  );
  return [...found.values()].map((id) => traceRowsById(ctx.store, id).map((r) => r.row));
}

/** Whether a span has tag `key` = `value`: among its attributes, its resource's, or as Jaeger's `error`. */
function hasTag(row: Row, key: string, value: string): boolean {
  for (const attrs of [row.attributes, row.resource]) {
    if (Object.hasOwn(attrs, key) && tagText(attrs[key]!) === value) return true;
  }
  if (key === 'error') return (row.statusCode === 2) === (value === 'true');
  return false;
}

/** Calls between services: child spans whose parent span belongs to another service, in the window. */
async function dependencies(
  ctx: CollectorContext,
  from: number,
  to: number,
): Promise<{ parent: string; child: string; callCount: number }[]> {
  const serviceOfSpan = new Map<string, string>();
  const children: { parent: string; service: string }[] = [];
  await visitRows(
    ctx,
    { from, to },
    () => true,
    (_index, row) => {
      const key = hex(row.traceId) + hex(row.spanId);
      serviceOfSpan.set(key, row.service);
      if (row.parentSpanId !== null)
        children.push({ parent: hex(row.traceId) + hex(row.parentSpanId), service: row.service });
      return true;
    },
  );
  const counts = new Map<string, { parent: string; child: string; callCount: number }>();
  for (const c of children) {
    const parent = serviceOfSpan.get(c.parent);
    if (parent === undefined || parent === c.service) continue;
    const key = `${parent}\u0000${c.service}`;
    const edge = counts.get(key) ?? { parent, child: c.service, callCount: 0 };
    edge.callCount++;
    counts.set(key, edge);
  }
  return [...counts.values()];
}
