/**
 * Rows regrouped into OTLP's tree: one ResourceSpans per distinct resource (attributes, dropped
 * count, schema URL), one ScopeSpans per distinct scope within it. Identity is decided on the
 * store's own encoding of the context, so two rows share a group exactly when what they received
 * was the same.
 */
import { ProtoWriter, encodeContext, type Row } from '@laptime/store';

export interface ScopeGroup {
  /** A row of the group: its scope fields are the group's. */
  readonly first: Row;
  readonly rows: Row[];
}

export interface ResourceGroup {
  /** A row of the group: its resource fields are the group's. */
  readonly first: Row;
  readonly scopes: ScopeGroup[];
}

const NO_SCOPE = {
  scopeName: '',
  scopeVersion: '',
  scopeAttributes: {},
  droppedScopeAttributesCount: 0,
} as const;
const NO_RESOURCE = { resource: {}, droppedResourceAttributesCount: 0 } as const;

/** Groups `rows` (their order kept within each group; groups in order of first appearance). */
export function groupRows(rows: readonly Row[]): ResourceGroup[] {
  const w = new ProtoWriter();
  const resources = new Map<string, { group: ResourceGroup; scopes: Map<string, ScopeGroup> }>();
  for (const row of rows) {
    const resourceKey = keyOf(w, {
      ...NO_SCOPE,
      resource: row.resource,
      droppedResourceAttributesCount: row.droppedResourceAttributesCount,
      resourceSchemaUrl: row.resourceSchemaUrl,
    });
    let resource = resources.get(resourceKey);
    if (resource === undefined) {
      resource = { group: { first: row, scopes: [] }, scopes: new Map() };
      resources.set(resourceKey, resource);
    }
    const scopeKey = keyOf(w, {
      ...NO_RESOURCE,
      scopeName: row.scopeName,
      scopeVersion: row.scopeVersion,
      scopeAttributes: row.scopeAttributes,
      droppedScopeAttributesCount: row.droppedScopeAttributesCount,
      scopeSchemaUrl: row.scopeSchemaUrl,
    });
    let scope = resource.scopes.get(scopeKey);
    if (scope === undefined) {
      scope = { first: row, rows: [] };
      resource.scopes.set(scopeKey, scope);
      resource.group.scopes.push(scope);
    }
    scope.rows.push(row);
  }
  return [...resources.values()].map((r) => r.group);
}

function keyOf(w: ProtoWriter, ctx: Parameters<typeof encodeContext>[1]): string {
  w.reset();
  encodeContext(w, ctx);
  return Buffer.from(w.buf.buffer, w.buf.byteOffset, w.pos).toString('latin1');
}
