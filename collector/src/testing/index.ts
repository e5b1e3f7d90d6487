/**
 * Test and load helpers of `@laptime/collector/testing`: the OTLP/HTTP protobuf request that
 * `laptime load` sends, for suites that post store rows to a collector, and which fields of the
 * OTLP trace messages hold messages, for tests that walk them on the wire.
 */
export { encodeTraceRequest } from '../cli/load/otlp-request.js';
export { OTLP_SUB_MESSAGES, type OtlpMessageType } from './otlp-messages.js';
