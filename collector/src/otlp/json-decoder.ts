/**
 * OTLP/HTTP JSON trace requests into a {@link RowBatchBuilder}. The body is parsed with
 * `JSON.parse`; each span becomes a store `Row` that the store itself validates and encodes
 * (`appendRow`), so both transports end in the same bytes.
 */
import { InvalidRowError, ProtoWriter, appendRow, type RowBatchBuilder } from '@laptime/store';
import { isJsonObject, isSet } from './json-any-value.js';
import { contextOf, resourceOf, type JsonContext } from './json-context.js';
import { jsonType } from './json-scalars.js';
import { spanRowOf } from './json-span.js';
import { DecodeTally, type DecodeResult } from './decode-result.js';
import { OtlpDecodeError } from './otlp-decode-error.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes an OTLP/JSON `ExportTraceServiceRequest` into `builder`, one row per valid span.
 * A span with a value of the wrong JSON type, a bad id, an end before its start or any other
 * invalid field is rejected alone and counted in the result; unknown fields are ignored.
 *
 * Integers may be decimal strings (exact) or JSON numbers (read as doubles, so exact up to 2^53;
 * beyond, the double the number parses to, which is what a JavaScript sender meant).
 *
 * @throws OtlpDecodeError when the body is not UTF-8 or not JSON, or when the request's
 *   structure (the request, ResourceSpans and ScopeSpans objects and their lists) has the wrong
 *   type. The builder is then reset: hand each request a builder of its own.
 */
export function decodeTraceRequestJson(text: string | Uint8Array, builder: RowBatchBuilder): DecodeResult {
  const request = parse(text);
  const tally = new DecodeTally();
  const scratch = new ProtoWriter();
  try {
    const root = framingObject(request, 'the request');
    for (const resourceSpans of framingList(root, 'resourceSpans', 'the request')) {
      const rs = framingObject(resourceSpans, 'a ResourceSpans');
      const resource = attempt(() => resourceOf(rs.resource, rs.schemaUrl));
      for (const scopeSpans of framingList(rs, 'scopeSpans', 'ResourceSpans')) {
        const ss = framingObject(scopeSpans, 'a ScopeSpans');
        const context =
          typeof resource === 'string'
            ? resource
            : attempt(() => contextOf(resource, ss.scope, ss.schemaUrl));
        for (const span of framingList(ss, 'spans', 'ScopeSpans')) {
          const problem = typeof context === 'string' ? context : appendSpan(builder, span, context, scratch);
          if (problem === null) tally.accepted++;
          else tally.reject(tally.seen, problem);
        }
      }
    }
  } catch (err) {
    builder.reset();
    throw err;
  }
  return tally.result();
}

function parse(text: string | Uint8Array): unknown {
  let json: string;
  try {
    json = typeof text === 'string' ? text : utf8.decode(text);
  } catch (err) {
    throw new OtlpDecodeError('the request body is not valid UTF-8', { cause: err });
  }
  try {
    return JSON.parse(json);
  } catch (err) {
    throw new OtlpDecodeError(`invalid JSON: ${(err as Error).message}`, { cause: err });
  }
}

function framingObject(v: unknown, what: string): Record<string, unknown> {
  if (!isJsonObject(v)) throw new OtlpDecodeError(`${what} must be a JSON object, not ${jsonType(v)}`);
  return v;
}

/** The list `owner[field]`: absent or null is empty, anything but an array breaks the request. */
function framingList(owner: Record<string, unknown>, field: string, ownerName: string): readonly unknown[] {
  const v = owner[field];
  if (!isSet(v)) return [];
  if (!Array.isArray(v))
    throw new OtlpDecodeError(`${ownerName}.${field} must be an array, not ${jsonType(v)}`);
  return v;
}

/** Appends the row of `span`; returns why it is rejected, or null. */
function appendSpan(
  builder: RowBatchBuilder,
  span: unknown,
  context: JsonContext,
  scratch: ProtoWriter,
): string | null {
  try {
    appendRow(builder, spanRowOf(span, context), scratch);
    return null;
  } catch (err) {
    if (err instanceof InvalidRowError) return err.message;
    throw err;
  }
}

/** Runs `f`; an InvalidRowError becomes its message (why the spans it concerns are rejected). */
function attempt<T extends object>(f: () => T): T | string {
  try {
    return f();
  } catch (err) {
    if (err instanceof InvalidRowError) return err.message;
    throw err;
  }
}
