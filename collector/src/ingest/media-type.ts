/** Which OTLP encoding a request's headers announce, and whether its compression is one we read. */
import type { OtlpFormat } from '../otlp/index.js';

/** Content-Encoding values a body may carry. */
export type BodyEncoding = 'gzip' | 'identity';

/** The OTLP format of a `Content-Type` (parameters such as charset ignored), or null. */
export function otlpFormatOf(contentType: string | undefined): OtlpFormat | null {
  if (contentType === undefined) return null;
  const essence = contentType.split(';', 1)[0]!.trim().toLowerCase();
  if (essence === 'application/x-protobuf') return 'protobuf';
  if (essence === 'application/json') return 'json';
  return null;
}

/** The body's encoding from `Content-Encoding` (absent = identity), or null for one we cannot read. */
export function bodyEncodingOf(contentEncoding: string | undefined): BodyEncoding | null {
  const value = (contentEncoding ?? '').trim().toLowerCase();
  if (value === '' || value === 'identity') return 'identity';
  if (value === 'gzip' || value === 'x-gzip') return 'gzip';
  return null;
}
