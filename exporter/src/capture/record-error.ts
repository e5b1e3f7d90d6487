import type { Exception, Span } from '@opentelemetry/api';
import { SpanStatusCode } from '@opentelemetry/api';

/** Ends `span` as failed by `err`: an `exception` event and status ERROR with the error's message. */
export function endWithError(span: Span, err: unknown): void {
  const exception = toException(err);
  span.recordException(exception);
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: typeof exception === 'string' ? exception : (exception.message ?? ''),
  });
  span.end();
}

/** Errors and error-like objects as they are; anything else thrown (a number, null) as text. */
function toException(err: unknown): Exception {
  if (err instanceof Error) return err;
  if (typeof err === 'object' && err !== null && ('message' in err || 'name' in err)) return err as Exception;
  return String(err);
}
