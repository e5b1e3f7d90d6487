/**
 * The TraceQL subset (traceql-ast.ts): one spanset filter, optionally followed by one metrics
 * function and `by(...)`. Anything else is refused with LT_UNSUPPORTED_QUERY naming what is
 * supported, never half-answered.
 */
import type { Expr, Field, GroupBy, Literal, MetricsFunction, Operator, Query } from './traceql-ast.js';
import { tokenize, type Token } from './traceql-lexer.js';
import { unsupported } from './unsupported-query.js';

/** Deepest nesting of parentheses read: the parser recurses on it. */
const MAX_DEPTH = 32;
/** Most quantiles one quantile_over_time asks for. */
const MAX_QUANTILES = 16;
/** Longest regular expression compiled: a bound on what one pattern can cost per value. */
const MAX_REGEX_CHARS = 256;
/** A group containing `+`, `*` or `{`, itself followed by `+`, `*` or `{`. */
const NESTED_QUANTIFIER = /\([^()]*[+*{][^()]*\)[+*{]/;

const KEYWORDS = new Set([
  'ok',
  'error',
  'unset',
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
]);

/**
 * The query of `text`; an empty text is `{}`.
 *
 * @throws CollectorError LT_UNSUPPORTED_QUERY when the text is outside the subset.
 */
export function parseTraceQl(text: string): Query {
  const p = new Parser(tokenize(text));
  return p.query();
}

class Parser {
  private pos = 0;

  constructor(private readonly tokens: Token[]) {}

  query(): Query {
    if (this.tokens.length === 0) return { filter: { op: 'true' }, metrics: null };
    this.expectPunct('{', 'a query starts with a spanset filter {');
    const filter = this.peekPunct('}') ? ({ op: 'true' } as const) : this.or(0);
    this.expectPunct('}', 'the spanset filter is not closed with }');
    let metrics: Query['metrics'] = null;
    if (this.peekPunct('|')) {
      this.pos++;
      metrics = this.metrics();
    }
    const extra = this.tokens[this.pos];
    if (extra !== undefined) {
      const what = extra.t === 'punct' && extra.v === '{' ? 'more than one spanset' : `'${show(extra)}'`;
      throw unsupported(`${what} after the spanset filter`);
    }
    return { filter, metrics };
  }

  private or(depth: number): Expr {
    let left = this.and(depth);
    while (this.peekPunct('||')) {
      this.pos++;
      left = { op: 'or', left, right: this.and(depth) };
    }
    return left;
  }

  private and(depth: number): Expr {
    let left = this.primary(depth);
    while (this.peekPunct('&&')) {
      this.pos++;
      left = { op: 'and', left, right: this.primary(depth) };
    }
    return left;
  }

  private primary(depth: number): Expr {
    if (this.peekPunct('(')) {
      if (depth >= MAX_DEPTH) throw unsupported(`parentheses nest deeper than ${MAX_DEPTH}`);
      this.pos++;
      const inner = this.or(depth + 1);
      this.expectPunct(')', 'a parenthesis is not closed');
      return inner;
    }
    const t = this.next('a condition');
    if (t.t !== 'ident') throw unsupported(`'${show(t)}' where a condition should start`);
    if (t.v === 'true' && !(this.tokens[this.pos]?.t === 'op')) return { op: 'true' };
    const field = fieldOf(t.v);
    const opToken = this.next(`an operator after ${t.v}`);
    if (opToken.t !== 'op') throw unsupported(`'${show(opToken)}' after ${t.v}, where an operator should be`);
    const operator: Operator = opToken.v;
    const literal = literalOf(this.next(`a value after ${t.v} ${operator}`));
    return { op: 'compare', field, operator, literal, regex: regexOf(operator, literal) };
  }

  private metrics(): { fn: MetricsFunction; by: GroupBy | null } {
    const t = this.next('a metrics function after |');
    if (t.t !== 'ident') throw unsupported(`'${show(t)}' after |`);
    let fn: MetricsFunction;
    this.expectPunct('(', `${t.v} needs its parentheses`);
    if (t.v === 'rate' || t.v === 'count_over_time') {
      fn = { fn: t.v };
    } else if (t.v === 'quantile_over_time') {
      fn = { fn: t.v, quantiles: this.quantiles() };
    } else {
      throw unsupported(`the pipeline stage ${t.v}()`);
    }
    this.expectPunct(')', `${t.v}( is not closed`);
    let by: GroupBy | null = null;
    const next = this.tokens[this.pos];
    if (next?.t === 'ident' && next.v === 'by') {
      this.pos++;
      this.expectPunct('(', 'by needs its parentheses');
      const g = this.next('a field in by()');
      if (g.t !== 'ident' || (g.v !== 'resource.service.name' && g.v !== 'name'))
        throw unsupported(`by(${show(g)})`);
      by = g.v;
      this.expectPunct(')', 'by( is not closed');
    }
    return { fn, by };
  }

  private quantiles(): number[] {
    const what = this.next('duration in quantile_over_time');
    if (what.t !== 'ident' || (what.v !== 'duration' && what.v !== 'span:duration'))
      throw unsupported(`quantile_over_time of ${show(what)} (only duration)`);
    const qs: number[] = [];
    while (this.peekPunct(',')) {
      this.pos++;
      const q = this.next('a quantile');
      if (q.t !== 'number' || !(q.v >= 0 && q.v <= 1))
        throw unsupported(`quantile ${show(q)} (one in [0, 1])`);
      qs.push(q.v);
    }
    if (qs.length === 0) throw unsupported('quantile_over_time without a quantile');
    if (qs.length > MAX_QUANTILES) throw unsupported(`more than ${MAX_QUANTILES} quantiles`);
    return qs;
  }

  private next(what: string): Token {
    const t = this.tokens[this.pos++];
    if (t === undefined) throw unsupported(`the query ends where ${what} should be`);
    return t;
  }

  private peekPunct(v: string): boolean {
    const t = this.tokens[this.pos];
    return t !== undefined && t.t === 'punct' && t.v === v;
  }

  private expectPunct(v: string, problem: string): void {
    if (!this.peekPunct(v)) throw unsupported(problem);
    this.pos++;
  }
}

/**
 * The field a TraceQL identifier names.
 *
 * @throws CollectorError LT_UNSUPPORTED_QUERY for any other identifier.
 */
export function fieldOf(name: string): Field {
  switch (name) {
    case 'resource.service.name':
      return { kind: 'service' };
    case 'name':
    case 'span:name':
      return { kind: 'name' };
    case 'status':
    case 'span:status':
      return { kind: 'status' };
    case 'kind':
    case 'span:kind':
      return { kind: 'spanKind' };
    case 'duration':
    case 'span:duration':
      return { kind: 'duration' };
  }
  if (name.startsWith('span.') && name.length > 5)
    return { kind: 'attribute', scope: 'span', key: name.slice(5) };
  if (name.startsWith('resource.') && name.length > 9)
    return { kind: 'attribute', scope: 'resource', key: name.slice(9) };
  if (name.startsWith('.') && name.length > 1) return { kind: 'attribute', scope: 'any', key: name.slice(1) };
  throw unsupported(`the field ${name}`);
}

function literalOf(t: Token): Literal {
  switch (t.t) {
    case 'string':
      return { type: 'string', value: t.v };
    case 'number':
      return { type: 'number', value: t.v };
    case 'duration':
      return { type: 'duration', ns: t.ns };
    case 'ident':
      if (t.v === 'true' || t.v === 'false') return { type: 'bool', value: t.v === 'true' };
      if (KEYWORDS.has(t.v)) return { type: 'keyword', value: t.v };
  }
  throw unsupported(`the value '${show(t)}'`);
}

/** The regular expression of `=~` / `!~`: anchored, as TraceQL's (Go RE2) matches whole values. */
function regexOf(operator: Operator, literal: Literal): RegExp | null {
  if (operator !== '=~' && operator !== '!~') return null;
  if (literal.type !== 'string') throw unsupported(`${operator} with a value that is not a string`);
  if (literal.value.length > MAX_REGEX_CHARS)
    throw unsupported(`a regular expression longer than ${MAX_REGEX_CHARS} characters`);
  // TraceQL's engine (RE2) runs in linear time; JavaScript's backtracks, and a quantified group
  // holding a quantifier, as in (a+)+, can take exponential time on one value.
  if (NESTED_QUANTIFIER.test(literal.value))
    throw unsupported(`the regular expression "${literal.value}" (a repeated group holding a repetition)`);
  try {
    return new RegExp(`^(?:${literal.value})$`, 'u');
  } catch {
    throw unsupported(`the regular expression "${literal.value}"`);
  }
}

function show(t: Token): string {
  switch (t.t) {
    case 'duration':
      return `${t.ns}ns`;
    case 'string':
      return JSON.stringify(t.v);
    default:
      return String(t.v);
  }
}
