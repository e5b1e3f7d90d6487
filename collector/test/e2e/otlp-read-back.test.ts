/**
 * The stock OTLP exporters (http/protobuf and http/json) send the workload; every trace read back
 * as OTLP (protobuf, decoded with the official definitions) equals what the SDK handed to the
 * exporter, serialized by the official serializer and decoded the same way.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { Row } from '@laptime/store';
import { referenceRows } from '../otlp/reference-decoder.js';
import { ingestWorkload, type IngestedWorkload } from './support/ingested-workload.js';
import { PROTOCOLS } from './support/tracing-client.js';

function key(r: Row): string {
  return Buffer.from(r.spanId).toString('hex');
}

for (const protocol of PROTOCOLS) {
  describe(`OTLP read-back after the stock ${protocol} exporter`, () => {
    let w: IngestedWorkload;

    before(async () => {
      w = await ingestWorkload(protocol);
    });
    after(() => w?.collector.stop());

    it('every trace reads back equal to what the exporter was handed, field by field', async () => {
      const sent = new Map(
        referenceRows(ProtobufTraceSerializer.serializeRequest(w.sent)!).map((r) => [key(r), r]),
      );
      const traceIds = [...new Set(w.sent.map((s) => s.spanContext().traceId))];
      let read = 0;
      for (const traceId of traceIds) {
        const res = await fetch(`${w.collector.url}/api/traces/${traceId}`, {
          headers: { accept: 'application/x-protobuf' },
        });
        assert.equal(res.status, 200);
        for (const row of referenceRows(new Uint8Array(await res.arrayBuffer()), 'TracesData')) {
          assert.deepStrictEqual(row, sent.get(key(row)));
          read++;
        }
      }
      assert.equal(read, w.sent.length);
    });
  });
}
