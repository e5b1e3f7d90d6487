/**
 * A row's context (store/DESIGN.md, "Encoded context"): its resource and instrumentation scope,
 * `{ 1 Resource { 1 attributes, 2 dropped }, 2 InstrumentationScope { 1 name, 2 version,
 * 3 attributes, 4 dropped }, 5 resource schema URL, 6 scope schema URL }`, with OTLP's own field
 * numbers so that a request's raw `Resource` and `InstrumentationScope` bytes can be wrapped as
 * they are. Fields 5 and 6 came later: contexts written before them simply lack them. Fields 3
 * and 4 are the engine's (engine/overflow.ts: the real names of rows beyond the series cap).
 */
import { attributesField, decodeKeyValueField } from './any-value.js';
import { countField, stringField } from './fields.js';
import { WireType, expectWireType, type ProtoReader, type ProtoWriter } from './pb.js';
import type { AnyValue, Row } from './types.js';
import { checkString } from './value-checks.js';

/** Field numbers of the context message. */
export const ContextField = { Resource: 1, Scope: 2, ResourceSchemaUrl: 5, ScopeSchemaUrl: 6 } as const;
/** Field numbers of OTLP `Resource`. */
export const ResourceField = { Attribute: 1, DroppedAttributes: 2 } as const;
/** Field numbers of OTLP `InstrumentationScope`. */
export const ScopeField = { Name: 1, Version: 2, Attribute: 3, DroppedAttributes: 4 } as const;

/** The parts of a {@link Row} that its context holds. */
export type RowContext = Pick<
  Row,
  | 'resource'
  | 'droppedResourceAttributesCount'
  | 'scopeName'
  | 'scopeVersion'
  | 'scopeAttributes'
  | 'droppedScopeAttributesCount'
  | 'resourceSchemaUrl'
  | 'scopeSchemaUrl'
>;

/**
 * Appends the encoded context of `ctx` to `w`; an empty resource or scope is left out.
 *
 * @throws InvalidRowError naming the field when a value has the wrong type or range.
 */
export function encodeContext(w: ProtoWriter, ctx: RowContext): void {
  w.tag(ContextField.Resource, WireType.Len);
  const resource = w.fork();
  attributesField(w, ResourceField.Attribute, ctx.resource, 'resource');
  countField(
    w,
    ResourceField.DroppedAttributes,
    ctx.droppedResourceAttributesCount,
    'droppedResourceAttributesCount',
  );
  // An empty message is left out: its one-byte key and length byte are taken back.
  if (w.pos === resource + 1) w.pos -= 2;
  else w.join(resource);

  w.tag(ContextField.Scope, WireType.Len);
  const scope = w.fork();
  stringField(w, ScopeField.Name, checkString(ctx.scopeName, 'scopeName'));
  stringField(w, ScopeField.Version, checkString(ctx.scopeVersion, 'scopeVersion'));
  attributesField(w, ScopeField.Attribute, ctx.scopeAttributes, 'scopeAttributes');
  countField(w, ScopeField.DroppedAttributes, ctx.droppedScopeAttributesCount, 'droppedScopeAttributesCount');
  if (w.pos === scope + 1) w.pos -= 2;
  else w.join(scope);

  schemaUrlField(w, ContextField.ResourceSchemaUrl, ctx.resourceSchemaUrl, 'resourceSchemaUrl');
  schemaUrlField(w, ContextField.ScopeSchemaUrl, ctx.scopeSchemaUrl, 'scopeSchemaUrl');
}

/** An optional schema URL: absent and empty are the same, and neither is written. */
function schemaUrlField(w: ProtoWriter, field: number, url: string | undefined, where: string): void {
  if (url !== undefined) stringField(w, field, checkString(url, where));
}

/**
 * Reads the context in the reader's range into `into`, whose fields must hold their defaults
 * ('' / 0 / empty maps). Unknown fields (at any level) are skipped.
 *
 * @throws ProtoError when the bytes are malformed.
 */
export function decodeContextInto(into: RowContext, r: ProtoReader): void {
  while (r.pos < r.end) {
    const t = r.tag();
    switch (t >>> 3) {
      case ContextField.Resource:
        decodeResource(into, r, t);
        break;
      case ContextField.Scope:
        decodeScope(into, r, t);
        break;
      case ContextField.ResourceSchemaUrl:
        expectWireType(t, WireType.Len);
        setSchemaUrl(into, 'resourceSchemaUrl', r.string());
        break;
      case ContextField.ScopeSchemaUrl:
        expectWireType(t, WireType.Len);
        setSchemaUrl(into, 'scopeSchemaUrl', r.string());
        break;
      default:
        r.skip(t & 7);
    }
  }
}

/** Sets a schema URL, leaving an empty one absent (as it was before it was stored). */
function setSchemaUrl(into: RowContext, key: 'resourceSchemaUrl' | 'scopeSchemaUrl', url: string): void {
  if (url === '') delete into[key];
  else into[key] = url;
}

function decodeResource(into: RowContext, r: ProtoReader, t: number): void {
  expectWireType(t, WireType.Len);
  const saved = r.enter();
  const attributes = into.resource as Record<string, AnyValue>;
  while (r.pos < r.end) {
    const ft = r.tag();
    switch (ft >>> 3) {
      case ResourceField.Attribute:
        decodeKeyValueField(r, ft, attributes);
        break;
      case ResourceField.DroppedAttributes:
        expectWireType(ft, WireType.Varint);
        into.droppedResourceAttributesCount = r.uint32();
        break;
      default:
        r.skip(ft & 7);
    }
  }
  r.leave(saved);
}

function decodeScope(into: RowContext, r: ProtoReader, t: number): void {
  expectWireType(t, WireType.Len);
  const saved = r.enter();
  const attributes = into.scopeAttributes as Record<string, AnyValue>;
  while (r.pos < r.end) {
    const ft = r.tag();
    switch (ft >>> 3) {
      case ScopeField.Name:
        expectWireType(ft, WireType.Len);
        into.scopeName = r.string();
        break;
      case ScopeField.Version:
        expectWireType(ft, WireType.Len);
        into.scopeVersion = r.string();
        break;
      case ScopeField.Attribute:
        decodeKeyValueField(r, ft, attributes);
        break;
      case ScopeField.DroppedAttributes:
        expectWireType(ft, WireType.Varint);
        into.droppedScopeAttributesCount = r.uint32();
        break;
      default:
        r.skip(ft & 7);
    }
  }
  r.leave(saved);
}
