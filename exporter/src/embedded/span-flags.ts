/** OTLP span flags bit: whether the context's is-remote property is known. */
const HAS_IS_REMOTE = 0x100;
/** OTLP span flags bit: the context is remote. */
const IS_REMOTE = 0x200;

/**
 * OTLP span (or link) flags from W3C trace flags and the parent's (or link's) is-remote
 * property, computed as @opentelemetry/otlp-transformer does.
 */
export function spanFlags(traceFlags: number, isRemote: boolean | undefined): number {
  return (traceFlags & 0xff) | HAS_IS_REMOTE | (isRemote ? IS_REMOTE : 0);
}
