/** The attributes a TraceQL filter names, in order, once each. */
import type { Expr } from './traceql-ast.js';

export interface AttributeRef {
  scope: 'span' | 'resource' | 'any';
  key: string;
}

export function referencedAttributes(expr: Expr): AttributeRef[] {
  const out = new Map<string, AttributeRef>();
  const visit = (e: Expr): void => {
    if (e.op === 'and' || e.op === 'or') {
      visit(e.left);
      visit(e.right);
    } else if (e.op === 'compare' && e.field.kind === 'attribute') {
      out.set(`${e.field.scope}\u0000${e.field.key}`, { scope: e.field.scope, key: e.field.key });
    }
  };
  visit(expr);
  return [...out.values()];
}
