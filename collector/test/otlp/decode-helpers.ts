/** Runs a decoder into a fresh builder and reads the rows back the way the store will. */
import { RowBatchBuilder, batchRow, validateBatch, type Row } from '@laptime/store';
import type { DecodeResult } from '../../src/otlp/decode-result.js';
import { hex } from './span-arbitraries.js';

export interface Decoded {
  result: DecodeResult;
  rows: Row[];
}

/**
 * Decodes `body` with `decoder` and returns the result and the rows. Every batch is also put
 * through the store's own append-time validation: whatever a decoder accepts, the store must.
 */
export function decodeWith<B>(
  decoder: (body: B, builder: RowBatchBuilder) => DecodeResult,
  body: B,
): Decoded {
  const builder = new RowBatchBuilder();
  const result = decoder(body, builder);
  const batch = builder.finish();
  validateBatch(batch);
  const rows: Row[] = [];
  for (let i = 0; i < batch.length; i++) rows.push(batchRow(batch, i));
  return { result, rows };
}

/** Rows keyed by span id (hex), for comparisons that do not depend on order. */
export function bySpanId(rows: readonly Row[]): Map<string, Row> {
  return new Map(rows.map((r) => [hex(r.spanId), r]));
}
