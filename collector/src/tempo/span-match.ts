/** Whether a stored span satisfies a TraceQL spanset filter. */
import type { AnyValue, Row } from '@laptime/store';
import type { Expr, Field, Literal, Operator } from './traceql-ast.js';

const STATUS_CODES: Record<string, number> = { unset: 0, ok: 1, error: 2 };
const KIND_CODES: Record<string, number> = {
  unspecified: 0,
  internal: 1,
  server: 2,
  client: 3,
  producer: 4,
  consumer: 5,
};

/**
 * True when `row` satisfies `expr`. As in TraceQL, a condition on an attribute the span lacks,
 * or of another type than the value's, is false whatever the operator.
 */
export function spanMatches(expr: Expr, row: Row): boolean {
  switch (expr.op) {
    case 'true':
      return true;
    case 'and':
      return spanMatches(expr.left, row) && spanMatches(expr.right, row);
    case 'or':
      return spanMatches(expr.left, row) || spanMatches(expr.right, row);
    case 'compare':
      return compareField(expr.field, expr.operator, expr.literal, expr.regex, row);
  }
}

function compareField(field: Field, op: Operator, lit: Literal, regex: RegExp | null, row: Row): boolean {
  switch (field.kind) {
    case 'service':
      return compareValue(row.service, op, lit, regex);
    case 'name':
      return compareValue(row.name, op, lit, regex);
    case 'status':
      return compareCode(row.statusCode, op, lit, STATUS_CODES);
    case 'spanKind':
      return compareCode(row.kind, op, lit, KIND_CODES);
    case 'duration': {
      if (lit.type !== 'duration') return false;
      return compareOrdered(Number(row.endTimeUnixNano - row.startTimeUnixNano), lit.ns, op);
    }
    case 'attribute': {
      const v = attributeOf(row, field.scope, field.key);
      return v !== undefined && compareValue(v, op, lit, regex);
    }
  }
}

function attributeOf(row: Row, scope: 'span' | 'resource' | 'any', key: string): AnyValue | undefined {
  if (scope !== 'resource' && Object.hasOwn(row.attributes, key)) return row.attributes[key];
  if (scope !== 'span' && Object.hasOwn(row.resource, key)) return row.resource[key];
  return undefined;
}

/** Status and kind: `=` and `!=` against their keywords. */
function compareCode(code: number, op: Operator, lit: Literal, codes: Record<string, number>): boolean {
  if (lit.type !== 'keyword' || !Object.hasOwn(codes, lit.value)) return false;
  if (op === '=') return code === codes[lit.value];
  if (op === '!=') return code !== codes[lit.value];
  return false;
}

function compareValue(v: AnyValue, op: Operator, lit: Literal, regex: RegExp | null): boolean {
  if (regex !== null) return typeof v === 'string' && regex.test(v) === (op === '=~');
  switch (lit.type) {
    case 'string':
      return typeof v === 'string' && compareOrdered(v, lit.value, op);
    case 'number':
      if (typeof v === 'bigint') return compareOrdered(Number(v), lit.value, op);
      return typeof v === 'number' && compareOrdered(v, lit.value, op);
    case 'bool':
      return typeof v === 'boolean' && (op === '=' ? v === lit.value : op === '!=' && v !== lit.value);
    default:
      return false;
  }
}

function compareOrdered<T extends number | string>(a: T, b: T, op: Operator): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    default:
      return false;
  }
}
