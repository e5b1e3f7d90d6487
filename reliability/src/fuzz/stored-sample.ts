/**
 * "Nothing invalid stored", checked body by body: cases are sent one at a time, and the rows each
 * one added are read back over the REST API and compared with what this suite's own decoder
 * (proto-tree.ts, JSON.parse) finds in the body: as many spans stored as the body held minus those
 * refused, each stored one a span of the body with valid ids and times.
 */
import { gunzipSync } from 'node:zlib';
import { checkIngestAnswer } from './answer-check.js';
import type { FuzzCase, FuzzCases } from './fuzz-cases.js';
import { post } from './http-post.js';
import { messagesOf, parseMessage } from './proto-tree.js';

/** A span of a request as the reference decoding sees it: hex ids, start and end if readable. */
interface BodySpan {
  traceId: string;
  spanId: string;
  start: string | null;
  end: string | null;
}

/** Spans of a request body, or null when the body does not decode (then nothing is compared). */
export function spansInBody(c: FuzzCase): BodySpan[] | null {
  let body: Uint8Array = c.body;
  try {
    if (c.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
    return c.format === 'protobuf' ? protoSpans(body) : jsonSpans(body);
  } catch {
    return null;
  }
}

function protoSpans(body: Uint8Array): BodySpan[] {
  return messagesOf(parseMessage(body), 'Span').map((s) => {
    const last = (no: number): (typeof s.fields)[number] | undefined => s.fields.findLast((f) => f.no === no);
    const id = (no: number): string => Buffer.from(last(no)?.bytes ?? []).toString('hex');
    const time = (no: number): string | null => {
      const f = last(no);
      return f?.wire === 1 ? String(f.num) : null;
    };
    return { traceId: id(1), spanId: id(2), start: time(7), end: time(8) };
  });
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function jsonSpans(body: Uint8Array): BodySpan[] | null {
  const root: unknown = JSON.parse(new TextDecoder().decode(body));
  if (!isObj(root)) return null;
  const spans: BodySpan[] = [];
  for (const rs of list(root.resourceSpans))
    for (const ss of list(isObj(rs) ? rs.scopeSpans : []))
      for (const s of list(isObj(ss) ? ss.spans : [])) {
        const o = isObj(s) ? s : {};
        const text = (v: unknown): string => (typeof v === 'string' ? v.toLowerCase() : '');
        const time = (v: unknown): string | null =>
          typeof v === 'string' && /^\d+$/.test(v) ? String(BigInt(v)) : null;
        spans.push({
          traceId: text(o.traceId),
          spanId: text(o.spanId),
          start: time(o.startTimeUnixNano),
          end: time(o.endTimeUnixNano),
        });
      }
  return spans;
}

export interface StoredSampleResult {
  cases: number;
  /** Cases whose stored rows were compared with the body (200 answers of decodable bodies). */
  compared: number;
  rowsRead: number;
  failures: string[];
}

interface StoredSpan {
  traceId: string;
  spanId: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
}

const ZERO = /^0+$/;

/** Why a stored row is not one the body could have had stored, or null. */
function storedRowProblem(row: StoredSpan, body: BodySpan[]): string | null {
  if (!/^[0-9a-f]{32}$/.test(row.traceId) || ZERO.test(row.traceId)) return `invalid trace id ${row.traceId}`;
  if (!/^[0-9a-f]{16}$/.test(row.spanId) || ZERO.test(row.spanId)) return `invalid span id ${row.spanId}`;
  if (BigInt(row.endTimeUnixNano) < BigInt(row.startTimeUnixNano)) return 'end before start';
  const match = body.find((s) => s.traceId === row.traceId && s.spanId === row.spanId);
  if (match === undefined) return `span ${row.traceId}/${row.spanId} is not in the body`;
  if (match.start !== null && match.start !== row.startTimeUnixNano)
    return `start ${row.startTimeUnixNano} != ${match.start}`;
  if (match.end !== null && match.end !== row.endTimeUnixNano)
    return `end ${row.endTimeUnixNano} != ${match.end}`;
  return null;
}

/**
 * Sends `n` cases one by one to the collector at `url`, whose row count `rows()` reads, and
 * compares what each stored with its body.
 */
export async function checkStoredSample(opts: {
  url: string;
  rows: () => number;
  cases: FuzzCases;
  n: number;
  deadlineMs: number;
}): Promise<StoredSampleResult> {
  const result: StoredSampleResult = { cases: 0, compared: 0, rowsRead: 0, failures: [] };
  for (let i = 0; i < opts.n; i++) {
    const c = opts.cases.next();
    const before = opts.rows();
    const outcome = await post({
      url: `${opts.url}/v1/traces`,
      headers: c.headers,
      body: c.body,
      deadlineMs: opts.deadlineMs,
    });
    result.cases++;
    const stored = opts.rows() - before;
    if (outcome.kind !== 'answer') {
      result.failures.push(`${c.kind}: ${outcome.kind}`);
      continue;
    }
    const format =
      c.headers['content-type'] === 'application/x-protobuf' ||
      c.headers['content-type'] === 'application/json'
        ? c.format
        : null;
    const answer = checkIngestAnswer(format, outcome.status, outcome.body);
    if (typeof answer === 'string') {
      result.failures.push(`${c.kind}: ${answer}`);
      continue;
    }
    if (answer.status !== 200) {
      if (stored !== 0) result.failures.push(`${c.kind}: ${stored} rows stored for a ${answer.status}`);
      continue;
    }
    const spans = spansInBody(c);
    if (spans === null) continue;
    result.compared++;
    if (stored + answer.rejected !== spans.length)
      result.failures.push(
        `${c.kind}: ${spans.length} spans in the body, ${stored} stored, ${answer.rejected} refused`,
      );
    for (let index = before; index < before + stored; index++) {
      const got = await post({
        url: `${opts.url}/api/spans/${index}`,
        method: 'GET',
        headers: {},
        deadlineMs: opts.deadlineMs,
      });
      if (got.kind !== 'answer' || got.status !== 200) {
        result.failures.push(`${c.kind}: row ${index} unreadable`);
        continue;
      }
      result.rowsRead++;
      const problem = storedRowProblem(JSON.parse(got.body.toString('utf8')) as StoredSpan, spans);
      if (problem !== null) result.failures.push(`${c.kind}: row ${index}: ${problem}`);
    }
  }
  return result;
}
