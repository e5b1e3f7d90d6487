import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { ProtoReader, type ErrorCode } from '@laptime/store';
import { RpcCode, encodeExportResponse, encodeRpcStatus } from '../../src/otlp/responses.js';

/** google.rpc.Status read field by field (no OTel package ships a decoder for it). */
function readStatus(bytes: Uint8Array): { code: number; message: string } {
  const r = new ProtoReader(bytes);
  const status = { code: 0, message: '' };
  while (r.pos < r.end) {
    const tag = r.tag();
    if (tag === 0x08) status.code = Number(r.int64());
    else if (tag === 0x12) status.message = r.string();
    else r.skip(tag & 7);
  }
  return status;
}

test('a full success is an empty response in both formats', () => {
  const proto = encodeExportResponse('protobuf');
  const json = encodeExportResponse('json', { rejectedSpans: 0, errorMessage: '' });

  assert.equal(proto.length, 0);
  assert.deepEqual(ProtobufTraceSerializer.deserializeResponse(proto), {});
  assert.deepEqual(JSON.parse(new TextDecoder().decode(json)), {});
});

test('a partial success carries the rejected count and the message, read back by the OTel client', () => {
  const partial = { rejectedSpans: 3, errorMessage: 'span 0: trace_id is all zero; é' };

  const proto = encodeExportResponse('protobuf', partial);
  const json = encodeExportResponse('json', partial);

  assert.deepEqual(ProtobufTraceSerializer.deserializeResponse(proto), { partialSuccess: partial });
  assert.deepEqual(JsonTraceSerializer.deserializeResponse(json), {
    partialSuccess: { rejectedSpans: '3', errorMessage: partial.errorMessage },
  });
});

test('a message without rejections (a warning) is still sent', () => {
  const proto = encodeExportResponse('protobuf', { rejectedSpans: 0, errorMessage: 'slow down' });

  assert.deepEqual(ProtobufTraceSerializer.deserializeResponse(proto), {
    partialSuccess: { errorMessage: 'slow down' },
  });
});

test('a rejected count that is not a count is an invalid argument', () => {
  for (const rejectedSpans of [-1, 1.5, NaN]) {
    assert.throws(
      () => encodeExportResponse('protobuf', { rejectedSpans, errorMessage: '' }),
      (err: unknown) => (err as { code?: ErrorCode }).code === 'LT_INVALID_ARGUMENT',
    );
  }
});

test('google.rpc.Status carries code and message in both formats', () => {
  const status = { code: RpcCode.InvalidArgument, message: 'malformed protobuf: truncated varint' };

  const proto = encodeRpcStatus('protobuf', status);
  const json = encodeRpcStatus('json', status);

  assert.deepEqual(readStatus(proto), status);
  assert.deepEqual(JSON.parse(new TextDecoder().decode(json)), status);
});

test('a zero code and an empty message leave an empty Status message', () => {
  assert.equal(encodeRpcStatus('protobuf', { code: 0, message: '' }).length, 0);
});
