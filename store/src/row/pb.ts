/**
 * Protobuf wire-format primitives: the hot path under the store's blob formats and the
 * collector's OTLP decoder. No schema, no object per field: callers drive a reader or a writer
 * field by field.
 */
export { WireType, ProtoError, MAX_VARINT_BYTES, expectWireType, copyBytes } from './pb-wire.js';
export { ProtoWriter } from './pb-writer.js';
export { ProtoReader, decodeUtf8, toInt64, toUint64 } from './pb-reader.js';
