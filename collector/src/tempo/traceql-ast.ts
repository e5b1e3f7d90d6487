/** The TraceQL subset Laptime answers: its syntax tree. */

/** What a condition compares. */
export type Field =
  | { kind: 'service' }
  | { kind: 'name' }
  | { kind: 'status' }
  | { kind: 'spanKind' }
  | { kind: 'duration' }
  /** `span.<key>`, `resource.<key>`, or `.<key>` (either, span first). */
  | { kind: 'attribute'; scope: 'span' | 'resource' | 'any'; key: string };

export type Operator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '=~' | '!~';

/** A literal: strings, numbers, booleans, durations (as nanoseconds) and keywords (`error`, `server`). */
export type Literal =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'duration'; ns: number }
  | { type: 'keyword'; value: string };

export type Expr =
  | { op: 'and' | 'or'; left: Expr; right: Expr }
  | { op: 'compare'; field: Field; operator: Operator; literal: Literal; regex: RegExp | null }
  | { op: 'true' };

/** A metrics function after the spanset filter. */
export type MetricsFunction =
  { fn: 'rate' } | { fn: 'count_over_time' } | { fn: 'quantile_over_time'; quantiles: number[] };

/** `by(...)` of a metrics query: the series Laptime can group by. */
export type GroupBy = 'resource.service.name' | 'name';

export interface Query {
  /** The spanset filter; `{}` and `{ true }` match every span. */
  filter: Expr;
  metrics: { fn: MetricsFunction; by: GroupBy | null } | null;
}

/** What the 400 for anything outside the subset lists. */
export const SUPPORTED_TRACEQL =
  'one spanset filter { ... } whose conditions are joined with && and || (parentheses allowed), ' +
  'each `field op value` with field resource.service.name, name, status, kind, duration, ' +
  'span.<attribute>, resource.<attribute> or .<attribute>, and op = != > >= < <= =~ !~; ' +
  'for metrics, then | rate(), | count_over_time() or | quantile_over_time(duration, q, ...), ' +
  'optionally by(resource.service.name) or by(name)';
