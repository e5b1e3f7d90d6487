/**
 * GET /api/search (Tempo): traces with spans matching a TraceQL spanset filter, newest first,
 * as `{traces: [{traceID, rootServiceName, rootTraceName, startTimeUnixNano, durationMs,
 * spanSets}]}`.
 */
import { Router } from 'express';
import { acceptParams } from '../api/accepted-params.js';
import type { Row } from '@laptime/store';
import { integerParam, stringParam } from '../api/query-params.js';
import { hex } from '../api/span-json.js';
import type { CollectorContext } from '../context.js';
import { keyValuesJson } from '../otlp-out/traces-data-json.js';
import { visitMatching } from './candidate-spans.js';
import { referencedAttributes, type AttributeRef } from './referenced-attributes.js';
import { summarize } from './trace-summary.js';
import { parseTraceQl } from './traceql-parser.js';
import { tempoWindow } from './tempo-params.js';
import { unsupported } from './unsupported-query.js';

/** Tempo's defaults for traces per answer and spans per span set, and Laptime's caps. */
export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 1000;
export const DEFAULT_SPANS_PER_SET = 3;
export const MAX_SPANS_PER_SET = 100;

interface Hit {
  traceId: string;
  indexes: number[];
  spans: { index: number; row: Row }[];
}

export function searchRoute(ctx: CollectorContext): Router {
  return Router().get('/api/search', async (req, res) => {
    acceptParams(req, ['q', 'limit', 'spss', 'start', 'end', 'tags', 'minDuration', 'maxDuration']);
    const q = stringParam(req, 'q') ?? '';
    for (const legacy of ['tags', 'minDuration', 'maxDuration'])
      if (stringParam(req, legacy) !== undefined)
        throw unsupported(`tag-based search (${legacy}=...): send a TraceQL query in q instead`);
    const query = parseTraceQl(q);
    if (query.metrics !== null)
      throw unsupported('a metrics query on /api/search (use /api/metrics/query_range)');
    const limit = integerParam(req, 'limit', 1, MAX_SEARCH_LIMIT) ?? DEFAULT_SEARCH_LIMIT;
    const spss = integerParam(req, 'spss', 1, MAX_SPANS_PER_SET) ?? DEFAULT_SPANS_PER_SET;
    const window = tempoWindow(req);

    const hits = new Map<string, Hit>();
    const inspectedSpans = await visitMatching(ctx, query.filter, window, (index, row) => {
      const traceId = hex(row.traceId);
      let hit = hits.get(traceId);
      if (hit === undefined) {
        // The first match of one trace too many ends the search: the answer is complete.
        if (hits.size >= limit) return false;
        hit = { traceId, indexes: [], spans: [] };
        hits.set(traceId, hit);
      }
      hit.indexes.push(index);
      if (hit.spans.length < spss) hit.spans.push({ index, row });
      return true;
    });

    const keys = referencedAttributes(query.filter);
    const traces: object[] = [];
    for (const hit of hits.values()) {
      const spanSet = {
        spans: hit.spans.map(({ row }) => ({
          spanID: hex(row.spanId),
          name: row.name,
          startTimeUnixNano: row.startTimeUnixNano.toString(),
          durationNanos: (row.endTimeUnixNano - row.startTimeUnixNano).toString(),
          attributes: keyValuesJson(pick(row, keys)),
        })),
        matched: hit.indexes.length,
      };
      traces.push({
        traceID: hit.traceId,
        ...summarize(ctx, ctx.store.findTrace(hit.spans[0]!.row.traceId)),
        spanSet,
        spanSets: [spanSet],
      });
      // Each summary reads its trace's spans: the loop turns between traces.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    res.json({
      traces,
      metrics: { inspectedSpans, inspectedTraces: hits.size, completedJobs: 1, totalJobs: 1 },
    });
  });
}

/** The attributes of `row` that the filter names (span first, then resource), for the span set. */
function pick(row: Row, keys: readonly AttributeRef[]): Row['attributes'] {
  const out: Record<string, Row['attributes'][string]> = {};
  for (const { scope, key } of keys) {
    if (scope !== 'resource' && Object.hasOwn(row.attributes, key)) out[key] = row.attributes[key]!;
    else if (scope !== 'span' && Object.hasOwn(row.resource, key)) out[key] = row.resource[key]!;
  }
  return out;
}
