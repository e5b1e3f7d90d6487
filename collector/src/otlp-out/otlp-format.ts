/**
 * Whether a read asks for the exact OTLP form, and in which encoding: `Accept:
 * application/x-protobuf` (or `application/protobuf`, as Tempo's clients send) asks for protobuf,
 * `?format=otlp` for OTLP/JSON unless the Accept header asks for protobuf.
 */
import type { Request, Response } from 'express';
import type { Row } from '@laptime/store';
import { invalidParam, stringParam } from '../api/query-params.js';
import { tracesDataJson } from './traces-data-json.js';
import { tracesDataProto } from './traces-data-proto.js';

export type OtlpEncoding = 'protobuf' | 'json';

const PROTOBUF_TYPES = new Set(['application/x-protobuf', 'application/protobuf']);
export const PROTOBUF_CONTENT_TYPE = 'application/x-protobuf';

/** True when the Accept header names a protobuf media type (with a weight above zero). */
export function acceptsProtobuf(req: Request): boolean {
  const accept = req.get('accept');
  if (accept === undefined) return false;
  return accept.split(',').some((item) => {
    const [type, ...params] = item.split(';').map((p) => p.trim().toLowerCase());
    if (!PROTOBUF_TYPES.has(type!)) return false;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/**
 * The OTLP encoding the request asks for, or null for the API's own JSON.
 *
 * @throws CollectorError (400) when `format` is given with another value than `otlp`.
 */
export function requestedOtlp(req: Request): OtlpEncoding | null {
  const format = stringParam(req, 'format');
  if (format !== undefined && format !== 'otlp') throw invalidParam('format', format, "'otlp'");
  if (acceptsProtobuf(req)) return 'protobuf';
  return format === 'otlp' ? 'json' : null;
}

/** Answers `rows` as OTLP `TracesData` in `encoding`. */
export function sendTracesData(res: Response, rows: readonly Row[], encoding: OtlpEncoding): void {
  if (encoding === 'json') {
    res.json(tracesDataJson(rows));
    return;
  }
  res.type(PROTOBUF_CONTENT_TYPE).send(Buffer.from(tracesDataProto(rows)));
}
