/**
 * Tempo's trace by id: GET /api/traces/<id> (v1: the trace, as Tempo's `Trace` or its JSON
 * `{batches}`) and GET /api/v2/traces/<id> (`TraceByIDResponse`, or JSON `{trace: {resourceSpans}}`).
 * `Accept: application/protobuf` asks for protobuf, as Grafana's Tempo data source sends it.
 */
import { Router, type Request, type Response } from 'express';
import { acceptParams } from '../api/accepted-params.js';
import { NotFoundError, ProtoWriter, WireType, type Row } from '@laptime/store';
import { traceRowsById } from '../api/trace-json.js';
import type { CollectorContext } from '../context.js';
import { acceptsProtobuf } from '../otlp-out/otlp-format.js';
import { resourceSpansJson } from '../otlp-out/traces-data-json.js';
import { RESOURCE_SPANS, tracesDataProto, writeResourceSpans } from '../otlp-out/traces-data-proto.js';
import { tempoTraceId, tempoWindow } from './tempo-params.js';

/** Tempo's protobuf media type. */
const TEMPO_PROTOBUF = 'application/protobuf';
/** TraceByIDResponse.trace. */
const TRACE_BY_ID_TRACE = 1;

export function traceRoutes(ctx: CollectorContext): Router {
  const router = Router();
  router.get('/api/traces/:traceId', (req, res) => {
    acceptParams(req, ['start', 'end']);
    const rows = rowsOf(ctx, req);
    if (acceptsProtobuf(req)) sendProtobuf(res, tracesDataProto(rows));
    else res.json({ batches: resourceSpansJson(rows) });
  });
  router.get('/api/v2/traces/:traceId', (req, res) => {
    acceptParams(req, ['start', 'end']);
    const rows = rowsOf(ctx, req);
    if (!acceptsProtobuf(req)) {
      res.json({ trace: { resourceSpans: resourceSpansJson(rows) } });
      return;
    }
    const w = new ProtoWriter();
    w.tag(TRACE_BY_ID_TRACE, WireType.Len);
    const mark = w.fork();
    writeResourceSpans(w, RESOURCE_SPANS, rows);
    w.join(mark);
    sendProtobuf(res, w.finish());
  });
  return router;
}

/**
 * The trace's rows, ordered by start; `start`/`end` are checked but not applied: a trace id
 * names all of its spans, and Laptime finds them by id whatever their time.
 *
 * @throws NotFoundError when no span of the trace is stored.
 */
function rowsOf(ctx: CollectorContext, req: Request<{ traceId: string }>): Row[] {
  tempoWindow(req);
  const raw = req.params.traceId;
  const rows = traceRowsById(ctx.store, tempoTraceId(raw)).map((r) => r.row);
  if (rows.length === 0) throw new NotFoundError(`trace ${raw} not found`);
  return rows;
}

function sendProtobuf(res: Response, bytes: Uint8Array): void {
  res.type(TEMPO_PROTOBUF).send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
