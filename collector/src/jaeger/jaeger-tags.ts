/**
 * Attribute values as Jaeger tags `{key, type, value}`: strings, bools, int64 and float64 keep
 * their type; bytes are `binary` (base64); arrays and maps, which Jaeger's model lacks, are
 * strings holding their JSON, as Jaeger's own OTLP translator writes them.
 */
import type { AnyValue, Attributes } from '@laptime/store';
import { anyValueJson } from '../api/attribute-json.js';

export interface JaegerTag {
  key: string;
  type: 'string' | 'bool' | 'int64' | 'float64' | 'binary';
  value: string | number | boolean;
}

/** Largest integer magnitude a JSON number carries exactly; beyond, int64 is a decimal string. */
const EXACT_INT = 2n ** 53n;

export function jaegerTag(key: string, v: AnyValue): JaegerTag {
  switch (typeof v) {
    case 'string':
      return { key, type: 'string', value: v };
    case 'boolean':
      return { key, type: 'bool', value: v };
    case 'bigint':
      return { key, type: 'int64', value: v <= EXACT_INT && v >= -EXACT_INT ? Number(v) : v.toString() };
    case 'number':
      // JSON has no NaN or infinities: Jaeger's JSON writes them as strings too.
      return { key, type: 'float64', value: Number.isFinite(v) ? v : String(v) };
  }
  if (v instanceof Uint8Array)
    return {
      key,
      type: 'binary',
      value: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64'),
    };
  return { key, type: 'string', value: v === null ? '' : JSON.stringify(anyValueJson(v)) };
}

export function jaegerTags(attrs: Attributes): JaegerTag[] {
  return Object.keys(attrs).map((k) => jaegerTag(k, attrs[k]!));
}

/** A tag value as text, for matching the `tags` of a search (which Jaeger sends as strings). */
export function tagText(v: AnyValue): string | null {
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
    case 'bigint':
    case 'number':
      return String(v);
    default:
      return null;
  }
}
