import type { Attributes as OtelAttributes } from '@opentelemetry/api';
import type { AnyValue, Attributes } from '@laptime/store';

/** int64 bounds: an integral JS number in [-2^63, 2^63) is an OTLP `intValue`. */
const MIN_INT64 = -(2 ** 63);
const MAX_INT64_EXCLUSIVE = 2 ** 63;

/**
 * An OpenTelemetry attribute value as the store keeps it, typed exactly as the OTLP protobuf
 * serializer of @opentelemetry/otlp-transformer types it, so that a span exported in embedded
 * mode is stored as the same row as one sent to a collector: integral numbers within int64 are
 * int64 (`bigint`), other numbers doubles; what the serializer leaves empty (undefined, null,
 * functions, bigints, symbols) is `null`.
 */
export function toAnyValue(value: unknown): AnyValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isInteger(value) && value >= MIN_INT64 && value < MAX_INT64_EXCLUSIVE
        ? BigInt(value)
        : value;
    case 'object':
      if (value === null) return null;
      if (value instanceof Uint8Array) return value;
      if (Array.isArray(value)) return value.map(toAnyValue);
      return toAttributes(value as OtelAttributes);
    default:
      return null;
  }
}

/** An attribute map (own enumerable keys, as the serializer walks them). */
export function toAttributes(attributes: OtelAttributes | undefined): Attributes {
  const out: Record<string, AnyValue> = {};
  if (attributes === undefined) return out;
  for (const key of Object.keys(attributes)) {
    const v = toAnyValue(attributes[key]);
    // A plain assignment to "__proto__" would set the prototype instead of a key.
    if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true });
    else out[key] = v;
  }
  return out;
}
