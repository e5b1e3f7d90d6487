/**
 * Structure-aware mutations of a protobuf trace request. Semantic ones change a parsed span (ids,
 * times, kind, names, nesting) and write a well-formed message; wire ones aim at a field's tag,
 * length or varint in the encoded bytes, found through the positions the encoder recorded.
 */
import type { Prng } from '@laptime/store/testing';
import {
  cloneMessage,
  encodeMessage,
  messagesOf,
  pushVarint,
  Wire,
  type Field,
  type FieldSpan,
  type Message,
} from './proto-tree.js';

/** AnyValue nesting the deep-nesting mutation reaches at most (the store allows 32). */
const MAX_FUZZ_NESTING = 200;
/** Invalid UTF-8 sequences: a lone continuation byte, an overlong '/', a surrogate, past U+10FFFF. */
const BAD_UTF8 = [[0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xff]];
/** Huge lengths and varints: past the body, 2^31, 2^32, 2^63, 2^64 - 1. */
const HUGE = [1n << 20n, 1n << 31n, 1n << 32n, 1n << 63n, (1n << 64n) - 1n];

/** A mutated body and the name of what was done (for failure messages and counts). */
export interface Mutant {
  kind: string;
  body: Uint8Array;
}

type SpanMutation = (span: Message, rng: Prng) => void;

function field(m: Message, no: number): Field | undefined {
  return m.fields.find((f) => f.no === no);
}

function setBytes(m: Message, no: number, bytes: Uint8Array): void {
  const f = field(m, no);
  if (f === undefined) m.fields.push({ no, wire: Wire.Len, bytes });
  else {
    f.wire = Wire.Len;
    f.bytes = bytes;
    delete f.message;
    delete f.num;
  }
}

function setNum(m: Message, no: number, wire: number, num: bigint): void {
  const f = field(m, no);
  if (f === undefined) m.fields.push({ no, wire, num });
  else Object.assign(f, { wire, num });
}

function badId(rng: Prng, size: number): Uint8Array {
  const lengths = [0, size - 1, size + 1, size * 2];
  return rng.chance(0.4) ? new Uint8Array(size) : new Uint8Array(rng.pick(lengths)).fill(0xab);
}

function nested(depth: number): Message {
  let value: Message = { type: 'AnyValue', fields: [{ no: 1, wire: Wire.Len, bytes: Buffer.from('leaf') }] };
  for (let i = 1; i < depth; i++) {
    const array: Message = { type: 'ArrayValue', fields: [{ no: 1, wire: Wire.Len, message: value }] };
    value = { type: 'AnyValue', fields: [{ no: 5, wire: Wire.Len, message: array }] };
  }
  return value;
}

/** Mutations of one span that keep the message well-formed: the span alone should be refused. */
const SPAN_MUTATIONS: Record<string, SpanMutation> = {
  'trace-id': (s, rng) => setBytes(s, 1, badId(rng, 16)),
  'span-id': (s, rng) => setBytes(s, 2, badId(rng, 8)),
  'end-before-start': (s) => {
    const start = field(s, 7)?.num ?? 1_700_000_000_000_000_000n;
    setNum(s, 8, Wire.Fixed64, start - 1n);
  },
  'huge-time': (s, rng) => {
    setNum(s, 7, Wire.Fixed64, rng.chance(0.5) ? (1n << 64n) - 1n : 1n << 63n);
    setNum(s, 8, Wire.Fixed64, 0n);
  },
  // Kinds past 5 once read as an int32 enum (2^31 and 2^64 - 1 are negative int32 values).
  'huge-kind': (s, rng) => setNum(s, 6, Wire.Varint, rng.pick([6n, 99n, 1n << 31n, (1n << 64n) - 1n])),
  'long-name': (s) => setBytes(s, 5, new Uint8Array(5000).fill(0x61)),
};

/** Mutations that may or may not be valid; the answer must only be well-formed. */
const LOOSE_MUTATIONS: Record<string, SpanMutation> = {
  'bad-utf8-name': (s, rng) => setBytes(s, 5, Uint8Array.from([0x61, ...rng.pick(BAD_UTF8), 0x62])),
  'deep-nesting': (s, rng) => {
    const depth = 1 + rng.int(MAX_FUZZ_NESTING);
    const kv: Message = {
      type: 'KeyValue',
      fields: [
        { no: 1, wire: Wire.Len, bytes: Buffer.from('deep') },
        { no: 2, wire: Wire.Len, message: nested(depth) },
      ],
    };
    s.fields.push({ no: 9, wire: Wire.Len, message: kv });
  },
  'status-code': (s, rng) => {
    s.fields = s.fields.filter((f) => f.no !== 15);
    const status: Message = {
      type: 'Status',
      fields: [{ no: 3, wire: Wire.Varint, num: rng.pick([3n, 99n, ...HUGE]) }],
    };
    s.fields.push({ no: 15, wire: Wire.Len, message: status });
  },
  'unknown-fields': (s, rng) => {
    const no = 100 + rng.int(1000);
    s.fields.push(
      rng.pick<Field>([
        { no, wire: Wire.Varint, num: rng.pick(HUGE) },
        { no, wire: Wire.Fixed64, num: 7n },
        { no, wire: Wire.Fixed32, num: 7n },
        { no, wire: Wire.Len, bytes: Uint8Array.from([0xff, 0x00, 0x80]) },
      ]),
    );
  },
  'wrong-wire-type-field': (s, rng) => {
    const f = rng.pick(s.fields);
    const wires = [Wire.Varint, Wire.Fixed64, Wire.Len, Wire.Fixed32].filter((w) => w !== f.wire);
    const wire = rng.pick(wires);
    Object.assign(f, wire === Wire.Len ? { wire, bytes: Uint8Array.of(1, 2, 3) } : { wire, num: 5n });
    if (wire !== Wire.Len) delete f.bytes;
    delete f.message;
  },
  'duplicate-span': (s) => {
    s.fields.push(...s.fields.filter((f) => f.no === 1 || f.no === 2 || f.no === 5));
  },
};

/** Byte-level corruption of an encoded message at a field the encoder placed. */
type WireMutation = (bytes: Uint8Array, at: FieldSpan, rng: Prng) => Uint8Array;

const WIRE_MUTATIONS: Record<string, WireMutation> = {
  truncate: (b, at, rng) => b.subarray(0, at.tag + rng.int(Math.max(1, at.end - at.tag))),
  'wire-type': (b, at, rng) => {
    const out = Uint8Array.from(b);
    // The low three bits of a tag's first byte are its wire type: 3, 4 (groups), 6 and 7 are invalid.
    out[at.tag] = (out[at.tag]! & ~7) | rng.int(8);
    return out;
  },
  'huge-length': (b, at, rng) => {
    if (at.len < 0)
      return splice(b, at.value, at.end, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    const v: number[] = [];
    pushVarint(v, rng.pick(HUGE));
    return splice(b, at.len, at.value, v);
  },
  'overlong-varint': (b, at) => splice(b, at.tag, at.tag, new Array<number>(11).fill(0xff)),
  'flip-byte': (b, at, rng) => {
    const out = Uint8Array.from(b);
    const i = at.tag + rng.int(Math.max(1, at.end - at.tag));
    if (i < out.length) out[i] = rng.int(256);
    return out;
  },
};

function splice(b: Uint8Array, from: number, to: number, insert: readonly number[]): Uint8Array {
  return Buffer.concat([b.subarray(0, from), Uint8Array.from(insert), b.subarray(to)]);
}

/** Mutation names whose outcome is known: the request is decodable but the mutated span refused. */
export const PROTO_SPAN_REFUSALS = new Set(Object.keys(SPAN_MUTATIONS));

/** One mutant of the valid protobuf request `seed` (parsed once by the caller; not changed). */
export function mutateProto(seed: Message, rng: Prng): Mutant {
  const tree = cloneMessage(seed);
  const spans = messagesOf(tree, 'Span');
  const roll = rng.int(3);
  if (roll === 0 && spans.length > 0) {
    const name = rng.pick(Object.keys(SPAN_MUTATIONS));
    SPAN_MUTATIONS[name]!(rng.pick(spans), rng);
    return { kind: `proto:${name}`, body: encodeMessage(tree) };
  }
  if (roll === 1 && spans.length > 0) {
    const name = rng.pick(Object.keys(LOOSE_MUTATIONS));
    LOOSE_MUTATIONS[name]!(rng.pick(spans), rng);
    return { kind: `proto:${name}`, body: encodeMessage(tree) };
  }
  const placed: FieldSpan[] = [];
  const bytes = encodeMessage(tree, placed);
  const name = rng.pick(Object.keys(WIRE_MUTATIONS));
  return { kind: `proto:${name}`, body: WIRE_MUTATIONS[name]!(bytes, rng.pick(placed), rng) };
}
