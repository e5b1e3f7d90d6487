/** OTLP/HTTP trace ingest: request decoding into store row batches, and response bodies. */
export { decodeTraceRequestProto } from './protobuf-decoder.js';
export {
  decodeTraceRequestJson,
  decodeTraceRequestJsonSliced,
  MAX_JSON_VALUES_PER_MESSAGE,
} from './json-decoder.js';
export { MAX_REPORTED_ERRORS, type DecodeResult } from './decode-result.js';
export { OtlpDecodeError } from './otlp-decode-error.js';
export { UNKNOWN_SERVICE } from './service-name.js';
export {
  RpcCode,
  encodeExportResponse,
  encodeRpcStatus,
  type OtlpFormat,
  type PartialSuccess,
  type RpcStatus,
} from './responses.js';
