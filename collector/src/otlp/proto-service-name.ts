/** The service of a protobuf ResourceSpans: its resource's `service.name` attribute. */
import { ProtoError, decodeUtf8, type ProtoReader } from '@laptime/store';
import { SERVICE_NAME_KEY, UNKNOWN_SERVICE } from './service-name.js';

// Field keys, `(field << 3) | wireType`.
/** Resource.attributes (1, len). */
const RESOURCE_ATTRIBUTE = 0x0a;
/** KeyValue.key (1, len), KeyValue.value (2, len). */
const KEY = 0x0a;
const VALUE = 0x12;
/** AnyValue.string_value (1, len). */
const STRING_VALUE = 0x0a;
/** AnyValue.bytes_value, the last member of the AnyValue oneof. */
const LAST_ANY_VALUE_FIELD = 7;

const SERVICE_NAME_BYTES = new TextEncoder().encode(SERVICE_NAME_KEY);

/**
 * The service named by the Resource whose payloads are `body` ranges [s0, e0, s1, e1, ...]
 * (repeated `resource` fields merge): the `service.name` attribute when it is a string (the last
 * one wins, as when the attributes are read into a map), else {@link UNKNOWN_SERVICE}. Only the
 * matching value is decoded. Malformed resource bytes give the default; the context check then
 * rejects the spans. `r` is a scratch reader.
 */
export function serviceNameOf(body: Uint8Array, ranges: readonly number[], r: ProtoReader): string {
  let name = UNKNOWN_SERVICE;
  try {
    for (let k = 0; k < ranges.length; k += 2) {
      r.reset(body, ranges[k], ranges[k + 1]);
      while (r.pos < r.end) {
        const tag = r.tag();
        if (tag !== RESOURCE_ATTRIBUTE) {
          r.skip(tag & 7);
          continue;
        }
        const kvEnd = r.lenEnd();
        const value = keyValueServiceName(r, kvEnd);
        if (value !== undefined) name = value;
        r.pos = kvEnd;
      }
    }
  } catch (err) {
    if (err instanceof ProtoError) return UNKNOWN_SERVICE;
    throw err;
  }
  return name;
}

/**
 * For a `KeyValue` at `r.pos` ending at `end`: the service name it sets if its key is
 * `service.name` ({@link UNKNOWN_SERVICE} when the value is not a string), else undefined.
 */
function keyValueServiceName(r: ProtoReader, end: number): string | undefined {
  const buf = r.buf;
  let isServiceName = false;
  // The string value's range; -1 when the value is not a string.
  let valueStart = -1;
  let valueEnd = -1;
  const savedEnd = r.end;
  r.end = end;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === KEY) {
      const keyEnd = r.lenEnd();
      isServiceName = equalsBytes(buf, r.pos, keyEnd, SERVICE_NAME_BYTES);
      r.pos = keyEnd;
    } else if (tag === VALUE) {
      const anyValueEnd = r.lenEnd();
      valueStart = -1;
      while (r.pos < anyValueEnd) {
        const valueTag = r.tag();
        if (valueTag === STRING_VALUE) {
          valueEnd = r.lenEnd();
          valueStart = r.pos;
          r.pos = valueEnd;
        } else {
          // Another member of the AnyValue oneof replaces the string; unknown fields do not.
          if (valueTag >>> 3 <= LAST_ANY_VALUE_FIELD) valueStart = -1;
          r.skip(valueTag & 7);
        }
      }
    } else {
      r.skip(tag & 7);
    }
  }
  r.end = savedEnd;
  if (!isServiceName) return undefined;
  return valueStart < 0 ? UNKNOWN_SERVICE : decodeUtf8(buf, valueStart, valueEnd);
}

function equalsBytes(buf: Uint8Array, start: number, end: number, want: Uint8Array): boolean {
  if (end - start !== want.length) return false;
  for (let k = 0; k < want.length; k++) if (buf[start + k] !== want[k]) return false;
  return true;
}
