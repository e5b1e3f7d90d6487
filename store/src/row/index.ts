/** The row codec: logical rows, columnar batches, their wire formats and their validation. */
export type * from './types.js';
export { SpanKind, StatusCode } from './types.js';
export * from './limits.js';
export * from './future-limit.js';
export {
  WireType,
  ProtoError,
  ProtoWriter,
  ProtoReader,
  MAX_VARINT_BYTES,
  copyBytes,
  decodeUtf8,
  expectWireType,
  toInt64,
  toUint64,
} from './pb.js';
export { RowBatchBuilder } from './builder.js';
export { StringCache } from './string-cache.js';
export { encodeRows, appendRow } from './encode-rows.js';
export { decodeRow, batchRow, type RowParts } from './decode-row.js';
export { encodeBatch, decodeBatch, BATCH_FORMAT_VERSION } from './batch-codec.js';
export { checkRow, checkExtras, checkContext, validateBatch } from './validate.js';
export {
  encodeExtras,
  decodeExtrasInto,
  ExtrasField,
  EventField,
  LinkField,
  STATUS_MESSAGE,
  type RowExtras,
} from './extras.js';
export {
  encodeContext,
  decodeContextInto,
  ContextField,
  ResourceField,
  ScopeField,
  type RowContext,
} from './context.js';
export {
  encodeAttributes,
  encodeAnyValue,
  decodeAnyValue,
  decodeKeyValueInto,
  AnyValueField,
  KeyValueField,
} from './any-value.js';
