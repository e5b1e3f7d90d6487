/** The 400 for a TraceQL query outside the subset Laptime answers. */
import { CollectorError, CollectorErrorCode } from '../errors.js';
import { SUPPORTED_TRACEQL } from './traceql-ast.js';

/** An LT_UNSUPPORTED_QUERY error: what is wrong, then what is supported. */
export function unsupported(what: string): CollectorError {
  return new CollectorError(
    CollectorErrorCode.UnsupportedQuery,
    `unsupported TraceQL: ${what}. Laptime answers ${SUPPORTED_TRACEQL}`,
  );
}
