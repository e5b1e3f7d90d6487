/**
 * The exact read-back: spans sent by the stock OTLP serializers (protobuf and JSON) and a
 * hand-built request with every value type, read back as OTLP `TracesData` and decoded with the
 * official protobuf definitions (opentelemetry-js's static protobufjs module): deep-equal with
 * what was sent.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { Row } from '@laptime/store';
import { decodeTraceRequestJson } from '../../src/otlp/json-decoder.js';
import { tracesDataProto } from '../../src/otlp-out/traces-data-proto.js';
import { decodeWith } from '../otlp/decode-helpers.js';
import { referenceRows } from '../otlp/reference-decoder.js';
import { hex, propertySeed, readableSpans, requestSpec } from '../otlp/span-arbitraries.js';
import { testCollector, type TestCollector } from '../support/collector.js';
import { JSON_TYPE, PROTOBUF, postTraces } from '../support/http.js';
import { everyTypeRows } from './every-type-rows.js';

const RUNS = 20;

describe('OTLP read-back', () => {
  let collector: TestCollector;
  /** Global index of the next row the collector stores. */
  let next = 0;

  before(async () => {
    collector = await testCollector();
  });
  after(() => collector.dispose());

  async function send(body: Uint8Array, contentType: string, spans: number): Promise<number> {
    const res = await postTraces(collector.url, body, { 'content-type': contentType });
    assert.equal(res.status, 200, await res.text());
    const first = next;
    next += spans;
    return first;
  }

  async function readProtobuf(path: string): Promise<Row[]> {
    const res = await fetch(`${collector.url}${path}`, { headers: { accept: PROTOBUF } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), PROTOBUF);
    return referenceRows(new Uint8Array(await res.arrayBuffer()), 'TracesData');
  }

  /** The OTLP/JSON form, read back through the collector's own OTLP/JSON decoder. */
  async function readJson(path: string): Promise<Row[]> {
    const res = await fetch(`${collector.url}${path}${path.includes('?') ? '&' : '?'}format=otlp`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const { result, rows } = decodeWith(decodeTraceRequestJson, await res.text());
    assert.equal(result.rejected, 0);
    return rows;
  }

  for (const transport of ['protobuf', 'json'] as const) {
    it(`spans from the stock ${transport} serializer read back equal, span by span`, async () => {
      const seed = propertySeed();
      await fc.assert(
        fc.asyncProperty(requestSpec({ nonFiniteDoubles: transport === 'protobuf' }, 4), async (spec) => {
          // Arrange
          const spans = readableSpans(spec);
          const sent = referenceRows(ProtobufTraceSerializer.serializeRequest(spans)!);
          const body =
            transport === 'protobuf'
              ? ProtobufTraceSerializer.serializeRequest(spans)!
              : JsonTraceSerializer.serializeRequest(spans)!;

          // Act
          const first = await send(body, transport === 'protobuf' ? PROTOBUF : JSON_TYPE, sent.length);

          // Assert
          for (let k = 0; k < sent.length; k++) {
            assert.deepStrictEqual(await readProtobuf(`/api/spans/${first + k}`), [sent[k]]);
            assert.deepStrictEqual(await readJson(`/api/spans/${first + k}`), [sent[k]]);
          }
        }),
        { seed, numRuns: RUNS },
      );
    });
  }

  it('a trace with every value type, two resources and two scopes reads back equal, in both forms', async () => {
    // Arrange: the request is checked against the reference decoder before it is sent.
    const rows = everyTypeRows();
    const body = tracesDataProto(rows);
    assert.deepStrictEqual(referenceRows(body), rows);

    // Act
    await send(body, PROTOBUF, rows.length);
    const path = `/api/traces/${hex(rows[0]!.traceId)}`;

    // Assert (the rows are in start order, as the trace route answers)
    assert.deepStrictEqual(await readProtobuf(path), rows);
    assert.deepStrictEqual(await readJson(path), rows);
  });

  it('the OTLP/JSON form types every value: doubles apart from ints, NaN apart from strings', async () => {
    const rows = everyTypeRows();
    const res = await fetch(`${collector.url}/api/spans/${next - rows.length}?format=otlp`);
    const text = await res.text();
    const span = (JSON.parse(text) as OtlpJson).resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    const value = (key: string): unknown => span.attributes.find((a) => a.key === key)?.value;

    assert.deepEqual(value('double.integral'), { doubleValue: 2 });
    assert.deepEqual(value('int.small'), { intValue: '2' });
    assert.deepEqual(value('double.nan'), { doubleValue: 'NaN' });
    assert.deepEqual(value('string.nan'), { stringValue: 'NaN' });
    assert.deepEqual(value('double.negative_zero'), { doubleValue: '-0' });
    assert.deepEqual(value('int.min'), { intValue: '-9223372036854775808' });
    assert.deepEqual(value('empty'), {});
  });

  it('without Accept or format the routes answer the API JSON; another format is a 400', async () => {
    const plain = await fetch(`${collector.url}/api/spans/0`);
    assert.equal(((await plain.json()) as { index: number }).index, 0);

    const bad = await fetch(`${collector.url}/api/spans/0?format=jaeger`);
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { code: string } }).error.code, 'LT_INVALID_ARGUMENT');

    const missing = await fetch(`${collector.url}/api/traces/${'ab'.repeat(16)}`, {
      headers: { accept: PROTOBUF },
    });
    assert.equal(missing.status, 404);
  });
});

interface OtlpJson {
  resourceSpans: { scopeSpans: { spans: { attributes: { key: string; value: unknown }[] }[] }[] }[];
}
