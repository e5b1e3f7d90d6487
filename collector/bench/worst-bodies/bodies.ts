/**
 * The worst request bodies known for the collector, each at most LAPTIME_MAX_BODY (64 MiB)
 * decompressed: huge digit strings, tiny arrays by the million, deep nesting, escapes, many
 * attributes, many small spans, gzip bombs. Each is made only when it is sent.
 */
import { gzipSync } from 'node:zlib';
import { otlpBatches, otlpJsonRequest } from '../ingest/otlp-batches.js';

/** The default body limit; the bodies stay just under it. */
const MAX_BODY = 64 * 1024 * 1024;
/** Room left under the limit for the JSON around a repeated piece. */
const MARGIN = 4096;

export interface WorstBody {
  name: string;
  format: 'json' | 'protobuf';
  gzip: boolean;
  /** The body as sent (compressed when `gzip`) and its decompressed size. */
  make(): { wire: Buffer; bytes: number };
}

const SPAN_HEAD =
  '"traceId":"5b8efff798038103d269b633813fc60c","spanId":"1111111111111111","name":"worst",' +
  '"startTimeUnixNano":"1764000000000000000","endTimeUnixNano":"1764000000012000000"';

/** A request of one span whose extra members are `members` (JSON text). */
function spanRequest(members: string): string {
  return `{"resourceSpans":[{"scopeSpans":[{"spans":[{${SPAN_HEAD}${members}}]}]}]}`;
}

/** `piece` repeated to fill the body limit. */
function filling(piece: string): string {
  return piece.repeat(Math.floor((MAX_BODY - MARGIN) / piece.length));
}

function json(name: string, gzip: boolean, text: () => string): WorstBody {
  return {
    name,
    format: 'json',
    gzip,
    make: () => {
      const raw = Buffer.from(text());
      return { wire: gzip ? gzipSync(raw, { level: 9 }) : raw, bytes: raw.length };
    },
  };
}

function protobuf(name: string, spans: number): WorstBody {
  return {
    name,
    format: 'protobuf',
    gzip: false,
    make: () => {
      const raw = otlpBatches(1, spans, 1)[0]!;
      return { wire: raw, bytes: raw.length };
    },
  };
}

export const WORST_BODIES: readonly WorstBody[] = [
  json('intValue of 24M digits', true, () =>
    spanRequest(`,"attributes":[{"key":"n","value":{"intValue":"${'9'.repeat(24_000_000)}"}}]`),
  ),
  json(
    'startTimeUnixNano of 60M digits',
    true,
    () => `{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":"${filling('1')}"}]}]}]}`,
  ),
  json('63 MB of [], in an unknown field', true, () => `{"x":[${filling('[],')}[]]}`),
  json('64 MB of [[[...]]] in an unknown field', true, () => {
    const half = Math.floor((MAX_BODY - MARGIN) / 2);
    return `{"x":${'['.repeat(half)}${']'.repeat(half)}}`;
  }),
  json('16 MB of [], as spans (5.6M rejected spans)', true, () => {
    const spans = '[],'.repeat(Math.floor((16 * 1024 * 1024) / 3));
    return `{"resourceSpans":[{"scopeSpans":[{"spans":[${spans}[]]}]}]}`;
  }),
  json('one span of 262,143 empty array values', true, () => {
    const values = '{},'.repeat(262_140);
    return spanRequest(`,"attributes":[{"key":"a","value":{"arrayValue":{"values":[${values}{}]}}}]`);
  }),
  json('a 64 MB attribute of \\n escapes', true, () =>
    spanRequest(`,"attributes":[{"key":"s","value":{"stringValue":"${filling('\\n')}"}}]`),
  ),
  json('64 MB of whitespace', true, () => `${filling(' ')}{}`),
  json('many small spans (OTLP/JSON, 40k spans)', false, () => otlpJsonRequest(40_000, 1).toString()),
  protobuf('many small spans (protobuf, 60k spans)', 60_000),
  {
    name: 'gzip bomb: 1 GiB of zeros',
    format: 'protobuf',
    gzip: true,
    make: () => {
      const member = gzipSync(Buffer.alloc(1024 * 1024));
      return { wire: Buffer.concat(Array.from({ length: 1024 }, () => member)), bytes: 1024 ** 3 };
    },
  },
];
