import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CorruptError } from '../../src/errors.js';
import { decodeBatch, encodeBatch } from '../../src/row/batch-codec.js';
import { decodeRow, type RowParts } from '../../src/row/decode-row.js';
import { encodeRows } from '../../src/row/encode-rows.js';
import { checkContext, checkExtras } from '../../src/row/validate.js';
import { arbRow, propertySeed } from '../support/arbitraries.js';

/** Rows whose encodings are mutated; a fixed pool keeps thousands of runs fast. */
const POOL_SIZE = 60;
const MUTATION_RUNS = 4000;

/** One edit of a byte string. */
type Mutation =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'set'; at: number; value: number }
  | { op: 'truncate'; at: number }
  | { op: 'delete'; at: number; count: number }
  | { op: 'insert'; at: number; bytes: Uint8Array };

const arbMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({
    op: fc.constant('set' as const),
    at: fc.nat(),
    value: fc.constantFrom(0, 0x7f, 0x80, 0xff, 0x0b, 0x0a),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 4 }),
  }),
);

function mutate(input: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let b = Uint8Array.from(input);
  for (const m of mutations) {
    const at = b.length === 0 ? 0 : m.at % b.length;
    switch (m.op) {
      case 'flip':
        if (b.length > 0) b[at] = b[at]! ^ (1 << m.bit);
        break;
      case 'set':
        if (b.length > 0) b[at] = m.value;
        break;
      case 'truncate':
        b = b.slice(0, at);
        break;
      case 'delete':
        b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + m.count)]);
        break;
      case 'insert':
        b = Uint8Array.from([...b.subarray(0, at), ...m.bytes, ...b.subarray(at)]);
        break;
    }
  }
  return b;
}

function partsWith(extras: Uint8Array, context: Uint8Array): RowParts {
  return {
    traceId: new Uint8Array(16).fill(1),
    spanId: new Uint8Array(8).fill(1),
    parentSpanId: new Uint8Array(8),
    startLo: 0,
    startHi: 0,
    durationLo: 0,
    durationHi: 0,
    flags: 0,
    kind: 0,
    statusCode: 0,
    service: 's',
    name: 'n',
    extras,
    context,
  };
}

test('the walkers never throw on mutated bytes, and never accept what decodeRow refuses', () => {
  const seed = propertySeed('walker fuzz');
  const batch = encodeRows(fc.sample(arbRow(), { seed, numRuns: POOL_SIZE }));
  const extrasOf = (i: number): Uint8Array =>
    batch.extras.subarray(i === 0 ? 0 : batch.extrasEnd[i - 1]!, batch.extrasEnd[i]);
  let accepted = 0;
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: POOL_SIZE - 1 }),
      fc.array(arbMutation, { minLength: 1, maxLength: 3 }),
      fc.boolean(),
      (i, mutations, inContext) => {
        const extras = inContext ? extrasOf(i) : mutate(extrasOf(i), mutations);
        const context = inContext
          ? mutate(batch.contexts[batch.contextIds[i]!]!, mutations)
          : batch.contexts[0]!;
        const extrasReason = checkExtras(extras, 0, extras.length);
        const contextReason = checkContext(context, 0, context.length);
        assert.ok(extrasReason === null || typeof extrasReason === 'string');
        assert.ok(contextReason === null || typeof contextReason === 'string');
        if (extrasReason !== null || contextReason !== null) return;
        accepted++;
        // Accepted bytes decode, and what they decode to can be stored again.
        const row = decodeRow(partsWith(extras, context));
        assert.equal(encodeRows([row]).length, 1);
      },
    ),
    { seed, numRuns: MUTATION_RUNS },
  );
  assert.ok(accepted > 0, 'some mutations (inside string payloads, say) stay valid');
});

test('walkers and decodeRow agree on random bytes', () => {
  const seed = propertySeed('walker random bytes');
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
      const extrasOk = checkExtras(bytes, 0, bytes.length) === null;
      const contextOk = checkContext(bytes, 0, bytes.length) === null;
      if (extrasOk) decodeRow(partsWith(bytes, new Uint8Array(0)));
      if (contextOk) decodeRow(partsWith(new Uint8Array(0), bytes));
    }),
    { seed, numRuns: 2000 },
  );
});

test('decodeBatch refuses mutated batches with CorruptError or decodes them, never crashes', () => {
  const seed = propertySeed('decodeBatch fuzz');
  const encoded = encodeBatch(encodeRows(fc.sample(arbRow(), { seed, numRuns: 5 })), 7);
  fc.assert(
    fc.property(fc.array(arbMutation, { minLength: 1, maxLength: 2 }), (mutations) => {
      const bytes = mutate(encoded, mutations);
      try {
        decodeBatch(bytes);
      } catch (err) {
        assert.ok(
          err instanceof CorruptError || (err as { code?: string }).code === 'LT_FORMAT_VERSION',
          String(err),
        );
      }
    }),
    { seed, numRuns: 2000 },
  );
});
