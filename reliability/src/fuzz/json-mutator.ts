/**
 * Structure-aware mutations of an OTLP/JSON trace request: wrong types and invalid values in a
 * span's fields, deep nesting, NaN-like and enormous numbers, invalid UTF-8 bytes and cut-off text.
 */
import type { Prng } from '@laptime/store/testing';
import type { Json } from './otlp-bodies.js';
import type { Mutant } from './proto-mutator.js';

/** Nesting of the deep-array text mutation: far past any recursion a decoder could afford. */
const DEEP_TEXT_NESTING = 50_000;
/** AnyValue nesting of the deep-attribute mutation at most. */
const MAX_FUZZ_NESTING = 200;

type JsonObject = { [key: string]: Json };
type SpanMutation = (span: JsonObject, rng: Prng) => void;

const WRONG_TYPES: Json[] = [null, true, 0, -1, 1e308, 'x', [], {}, [1, 2], { a: 1 }];
const BAD_TIMES: Json[] = [
  'NaN',
  'Infinity',
  '-1',
  '1e400',
  '18446744073709551616',
  '1.5',
  '',
  ' 1',
  1e30,
  -5,
  'abc',
];

const NON_HEX = [
  'zz'.repeat(16),
  'g'.repeat(32),
  '0'.repeat(32),
  'ab'.repeat(15),
  'ab'.repeat(17),
  '',
  '0x' + 'ab'.repeat(15),
];

const enc = new TextEncoder();

function deepValue(depth: number): Json {
  let v: Json = { stringValue: 'leaf' };
  for (let i = 1; i < depth; i++) v = { arrayValue: { values: [v] } };
  return v;
}

/** Mutations after which the span alone should be refused (the request stays decodable). */
const SPAN_MUTATIONS: Record<string, SpanMutation> = {
  'trace-id': (s, rng) => (s.traceId = rng.pick(NON_HEX)),
  'span-id': (s, rng) => (s.spanId = rng.pick(NON_HEX.map((h) => h.slice(0, h.length / 2)))),
  'end-before-start': (s) => {
    const start = BigInt(s.startTimeUnixNano as string);
    s.endTimeUnixNano = String(start - 1n);
  },
};

/** Mutations whose outcome depends on the decoder's choices; the answer must only be well-formed. */
const LOOSE_MUTATIONS: Record<string, SpanMutation> = {
  'bad-time': (s, rng) =>
    (s[rng.chance(0.5) ? 'startTimeUnixNano' : 'endTimeUnixNano'] = rng.pick(BAD_TIMES)),
  'wrong-type': (s, rng) => (s[rng.pick(Object.keys(s))] = rng.pick(WRONG_TYPES)),
  kind: (s, rng) => (s.kind = rng.pick<Json>(['SERVER', 99, -1, 1e10, 2.5, '2'])),
  'deep-nesting': (s, rng) => {
    const attrs = Array.isArray(s.attributes) ? s.attributes : (s.attributes = []);
    attrs.push({ key: 'deep', value: deepValue(1 + rng.int(MAX_FUZZ_NESTING)) });
  },
  'int-value': (s, rng) => {
    const attrs = Array.isArray(s.attributes) ? s.attributes : (s.attributes = []);
    attrs.push({
      key: 'n',
      value: { intValue: rng.pick<Json>(['abc', '1e3', 'NaN', 1e300, '99999999999999999999']) },
    });
  },
  'double-value': (s, rng) => {
    const attrs = Array.isArray(s.attributes) ? s.attributes : (s.attributes = []);
    attrs.push({
      key: 'd',
      value: { doubleValue: rng.pick<Json>(['NaN', 'Infinity', '-Infinity', 'x', 1e308]) },
    });
  },
  'bytes-value': (s, rng) => {
    const attrs = Array.isArray(s.attributes) ? s.attributes : (s.attributes = []);
    attrs.push({ key: 'b', value: { bytesValue: rng.pick(['!!!', 'QQ', 'QUJD', '====']) } });
  },
};

/** Text-level corruption of the serialized request. */
const TEXT_MUTATIONS: Record<string, (text: string, rng: Prng) => Uint8Array> = {
  truncate: (t, rng) => enc.encode(t.slice(0, rng.int(t.length))),
  'invalid-utf8': (t, rng) => {
    // Inside a string value: the byte after an opening quote.
    const bytes = enc.encode(t);
    const quotes: number[] = [];
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x22) quotes.push(i);
    const at = quotes.length === 0 ? 0 : rng.pick(quotes) + 1;
    const bad = rng.pick([[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0x80, 0x80]]);
    return Buffer.concat([bytes.subarray(0, at), Uint8Array.from(bad), bytes.subarray(at)]);
  },
  'deep-text': (_t, rng) =>
    enc.encode(rng.chance(0.5) ? '['.repeat(DEEP_TEXT_NESTING) : '{"a":'.repeat(DEEP_TEXT_NESTING)),
  'wrong-root': (_t, rng) =>
    enc.encode(rng.pick(['[]', 'null', '1', '"x"', '{"resourceSpans":{}}', '{"resourceSpans":[1]}'])),
  'huge-number': (t) => enc.encode(t.replace(/"flags":\d+/, `"flags":1${'0'.repeat(400)}`)),
};

/** Mutation names whose outcome is known: the mutated span refused, the request answered 200. */
export const JSON_SPAN_REFUSALS = new Set(Object.keys(SPAN_MUTATIONS));

function spansOf(request: JsonObject): JsonObject[] {
  const spans: JsonObject[] = [];
  for (const rs of request.resourceSpans as JsonObject[])
    for (const ss of rs.scopeSpans as JsonObject[]) spans.push(...(ss.spans as JsonObject[]));
  return spans;
}

/** One mutant of the valid JSON request whose text is `seed`. */
export function mutateJson(seed: string, rng: Prng): Mutant {
  const request = JSON.parse(seed) as JsonObject;
  const spans = spansOf(request);
  const roll = rng.int(3);
  if (roll === 0 && spans.length > 0) {
    const name = rng.pick(Object.keys(SPAN_MUTATIONS));
    SPAN_MUTATIONS[name]!(rng.pick(spans), rng);
    return { kind: `json:${name}`, body: enc.encode(JSON.stringify(request)) };
  }
  if (roll === 1 && spans.length > 0) {
    const name = rng.pick(Object.keys(LOOSE_MUTATIONS));
    LOOSE_MUTATIONS[name]!(rng.pick(spans), rng);
    return { kind: `json:${name}`, body: enc.encode(JSON.stringify(request)) };
  }
  const name = rng.pick(Object.keys(TEXT_MUTATIONS));
  return { kind: `json:${name}`, body: TEXT_MUTATIONS[name]!(JSON.stringify(request), rng) };
}
