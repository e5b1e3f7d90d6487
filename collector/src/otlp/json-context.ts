/** The resource and instrumentation scope of OTLP/JSON spans, as the store's row context. */
import type { Row } from '@laptime/store';
import { attributesOf, messageOf, within, type JsonObject } from './json-any-value.js';
import { stringOf, uint32Of } from './json-scalars.js';
import { SERVICE_NAME_KEY, UNKNOWN_SERVICE } from './service-name.js';

/** What a row takes from its ResourceSpans and ScopeSpans. */
export type JsonContext = Pick<
  Row,
  | 'service'
  | 'resource'
  | 'droppedResourceAttributesCount'
  | 'scopeName'
  | 'scopeVersion'
  | 'scopeAttributes'
  | 'droppedScopeAttributesCount'
  | 'resourceSchemaUrl'
  | 'scopeSchemaUrl'
>;

/** The resource's part of the context (shared by every scope of a ResourceSpans). */
export type JsonResource = Pick<
  JsonContext,
  'service' | 'resource' | 'droppedResourceAttributesCount' | 'resourceSchemaUrl'
>;

/**
 * A ResourceSpans' `resource` and `schemaUrl`; its service is the `service.name` attribute when
 * that is a string.
 *
 * @throws InvalidRowError naming the field when a value has the wrong type.
 */
export function resourceOf(v: unknown, schemaUrl: unknown): JsonResource {
  const o = messageOf(v, 'resource');
  const resource = attributesOrThrow(o.attributes, 'resource.attributes');
  const service = Object.hasOwn(resource, SERVICE_NAME_KEY) ? resource[SERVICE_NAME_KEY] : undefined;
  const out: JsonResource = {
    service: typeof service === 'string' ? service : UNKNOWN_SERVICE,
    resource,
    droppedResourceAttributesCount: uint32Of(o.droppedAttributesCount, 'resource.droppedAttributesCount'),
  };
  const url = stringOf(schemaUrl, 'resourceSpans.schemaUrl');
  // Left out when empty: the store reads an empty schema URL back as absent.
  if (url !== '') out.resourceSchemaUrl = url;
  return out;
}

/**
 * The context of a ScopeSpans (its `scope` and `schemaUrl`) whose resource is `resource`.
 *
 * @throws InvalidRowError naming the field when a value has the wrong type.
 */
export function contextOf(resource: JsonResource, scope: unknown, schemaUrl: unknown): JsonContext {
  const o: JsonObject = messageOf(scope, 'scope');
  const out: JsonContext = {
    ...resource,
    scopeName: stringOf(o.name, 'scope.name'),
    scopeVersion: stringOf(o.version, 'scope.version'),
    scopeAttributes: attributesOrThrow(o.attributes, 'scope.attributes'),
    droppedScopeAttributesCount: uint32Of(o.droppedAttributesCount, 'scope.droppedAttributesCount'),
  };
  const url = stringOf(schemaUrl, 'scopeSpans.schemaUrl');
  if (url !== '') out.scopeSchemaUrl = url;
  return out;
}

function attributesOrThrow(v: unknown, where: string): Row['attributes'] {
  try {
    return attributesOf(v);
  } catch (err) {
    throw within(err, where);
  }
}
