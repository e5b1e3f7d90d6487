import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeRows } from '../../src/row/encode-rows.js';
import { batchRow } from '../../src/row/decode-row.js';
import { decodeBatch, encodeBatch } from '../../src/row/batch-codec.js';
import { checkRow, validateBatch } from '../../src/row/validate.js';
import { arbRow, propertySeed, sampleRow } from '../support/arbitraries.js';
import { ErrorCode } from '../../src/errors.js';
import type { AnyValue } from '../../src/row/types.js';

const RUNS = 300;

test('a row comes back equal through encodeRows and batchRow', () => {
  const seed = propertySeed('encodeRows/batchRow round trip');
  fc.assert(
    fc.property(fc.array(arbRow(), { minLength: 1, maxLength: 4 }), (rows) => {
      const batch = encodeRows(rows);
      for (let i = 0; i < rows.length; i++) assert.deepStrictEqual(batchRow(batch, i), rows[i]);
    }),
    { seed, numRuns: RUNS },
  );
});

test('a batch comes back equal through encodeBatch and decodeBatch', () => {
  const seed = propertySeed('encodeBatch/decodeBatch round trip');
  fc.assert(
    fc.property(
      fc.array(arbRow(), { maxLength: 4 }),
      fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
      fc.integer({ min: 0, max: 3 }),
      (rows, firstIndex, misalign) => {
        const encoded = encodeBatch(encodeRows(rows), firstIndex);
        // The WAL hands over payloads at any offset: decode from a misaligned copy too.
        const holder = new Uint8Array(encoded.length + misalign);
        holder.set(encoded, misalign);
        const decoded = decodeBatch(holder.subarray(misalign));
        assert.equal(decoded.firstIndex, firstIndex);
        assert.equal(decoded.batch.length, rows.length);
        for (let i = 0; i < rows.length; i++) assert.deepStrictEqual(batchRow(decoded.batch, i), rows[i]);
      },
    ),
    { seed, numRuns: RUNS },
  );
});

test('checkRow and validateBatch accept every row encodeRows produces', () => {
  const seed = propertySeed('checkRow accepts encodeRows output');
  fc.assert(
    fc.property(fc.array(arbRow(), { minLength: 1, maxLength: 4 }), (rows) => {
      const batch = encodeRows(rows);
      for (let i = 0; i < rows.length; i++) assert.equal(checkRow(batch, i), null);
      validateBatch(batch);
    }),
    { seed, numRuns: RUNS },
  );
});

test('around the nesting limit, encodeRows either refuses a row or produces one checkRow accepts', () => {
  const seed = propertySeed('nesting limit agreement');
  const arbChain = fc.array(fc.boolean(), { minLength: 28, maxLength: 35 });
  const arbLeaf = fc.constantFrom<AnyValue>(null, 'x', [], {}, [null], { k: null });
  fc.assert(
    fc.property(arbChain, arbLeaf, (chain, leaf) => {
      const value = chain.reduce<AnyValue>((inner, isMap) => (isMap ? { k: inner } : [inner]), leaf);
      const row = { ...sampleRow(), attributes: { deep: value } };
      let batch;
      try {
        batch = encodeRows([row]);
      } catch (err) {
        assert.equal((err as { code?: unknown }).code, ErrorCode.InvalidRow);
        return;
      }
      assert.equal(checkRow(batch, 0), null);
      assert.deepStrictEqual(batchRow(batch, 0), row);
    }),
    { seed, numRuns: RUNS },
  );
});

test('schema URLs are kept; a context without them (written before they were stored) reads back without them', () => {
  const withUrls = sampleRow();
  const { resourceSchemaUrl, scopeSchemaUrl, ...without } = withUrls;
  assert.ok(resourceSchemaUrl !== undefined && scopeSchemaUrl !== undefined);

  const batch = encodeRows([withUrls, without, { ...without, resourceSchemaUrl: '', scopeSchemaUrl: '' }]);

  assert.deepStrictEqual(batchRow(batch, 0), withUrls);
  assert.deepStrictEqual(batchRow(batch, 1), without);
  // Empty URLs are proto3 defaults: not stored, so the same context as none at all.
  assert.deepStrictEqual(batchRow(batch, 2), without);
  assert.equal(batch.contexts.length, 2);
});
