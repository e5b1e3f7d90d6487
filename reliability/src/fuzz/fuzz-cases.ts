/**
 * The bodies the fuzzer sends: valid seed requests (realistic spans, both encodings) and their
 * mutants, sometimes gzipped, sometimes with a media type or encoding the collector must refuse.
 * Each case says what answer it expects, as far as that is known without decoding it.
 */
import { gzipSync } from 'node:zlib';
import { encodeTraceRequest } from '@laptime/collector/testing';
import { realisticRows, type Prng } from '@laptime/store/testing';
import { mutateJson, JSON_SPAN_REFUSALS } from './json-mutator.js';
import { jsonRequest } from './otlp-bodies.js';
import { mutateProto, PROTO_SPAN_REFUSALS } from './proto-mutator.js';
import { parseMessage, type Message } from './proto-tree.js';

/** Distinct valid requests to mutate; each holds 1..MAX_SEED_SPANS spans. */
const SEED_REQUESTS = 48;
const MAX_SEED_SPANS = 6;
/** Shares of cases: unmutated, refused media type, gzipped (the rest are plain mutants). */
const VALID_SHARE = 0.08;
const MEDIA_TYPE_SHARE = 0.04;
const GZIP_SHARE = 0.1;

/** What a case's answer must be, beyond being well-formed. */
export type Expect = 'accepted' | 'span-refused' | 'unsupported' | 'well-formed';

export interface FuzzCase {
  kind: string;
  format: 'protobuf' | 'json';
  headers: Record<string, string>;
  body: Uint8Array;
  expect: Expect;
}

interface Seed {
  proto: Uint8Array;
  tree: Message;
  /** The JSON request as text: parsed afresh for each mutant, which changes it. */
  json: string;
}

const CONTENT_TYPE = { protobuf: 'application/x-protobuf', json: 'application/json' } as const;

/** Generates cases from seed requests built once. */
export class FuzzCases {
  private readonly seeds: Seed[] = [];

  constructor(private readonly rng: Prng) {
    for (let i = 0; i < SEED_REQUESTS; i++) {
      const rows = realisticRows(1 + rng.int(MAX_SEED_SPANS), { seed: rng.uint32() });
      const proto = encodeTraceRequest(rows);
      this.seeds.push({ proto, tree: parseMessage(proto), json: JSON.stringify(jsonRequest(rows)) });
    }
  }

  /** The next case. */
  next(): FuzzCase {
    const { rng } = this;
    const seed = rng.pick(this.seeds);
    const format = rng.chance(0.5) ? 'protobuf' : 'json';
    const headers: Record<string, string> = { 'content-type': CONTENT_TYPE[format] };
    const r = rng.next();
    if (r < VALID_SHARE) {
      const body = format === 'protobuf' ? seed.proto : Buffer.from(seed.json);
      return { kind: `${format}:valid`, format, headers, body, expect: 'accepted' };
    }
    const mutant = format === 'protobuf' ? mutateProto(seed.tree, rng) : mutateJson(seed.json, rng);
    const refusals = format === 'protobuf' ? PROTO_SPAN_REFUSALS : JSON_SPAN_REFUSALS;
    const expect: Expect = refusals.has(mutant.kind.slice(mutant.kind.indexOf(':') + 1))
      ? 'span-refused'
      : 'well-formed';
    if (r < VALID_SHARE + MEDIA_TYPE_SHARE) {
      const wrong = rng.chance(0.5);
      if (wrong)
        headers['content-type'] = rng.pick(['text/plain', 'application/xml', 'application/protobuf+x', '']);
      else headers['content-encoding'] = rng.pick(['br', 'deflate', 'zstd', 'gzip, br']);
      return { kind: `${mutant.kind}+media`, format, headers, body: mutant.body, expect: 'unsupported' };
    }
    if (r < VALID_SHARE + MEDIA_TYPE_SHARE + GZIP_SHARE) {
      headers['content-encoding'] = 'gzip';
      const zipped = gzipSync(mutant.body);
      // Half of them with the gzip stream itself cut short or corrupted.
      const body = rng.chance(0.5) ? zipped : zipped.subarray(0, rng.int(zipped.length));
      return {
        kind: `${mutant.kind}+gzip`,
        format,
        headers,
        body,
        expect: body === zipped ? expect : 'well-formed',
      };
    }
    return { kind: mutant.kind, format, headers, body: mutant.body, expect };
  }
}
