/** Tokens of the TraceQL subset. */
import { unsupported } from './unsupported-query.js';

export type Token =
  | { t: 'punct'; v: '{' | '}' | '(' | ')' | '|' | ',' | '&&' | '||' }
  | { t: 'op'; v: '=' | '!=' | '>' | '>=' | '<' | '<=' | '=~' | '!~' }
  | { t: 'string'; v: string }
  | { t: 'number'; v: number }
  | { t: 'duration'; ns: number }
  | { t: 'ident'; v: string };

/** Longest TraceQL query read (bytes of text); Grafana's are far shorter. */
export const MAX_QUERY_CHARS = 4096;

const DURATION_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

const PUNCT = ['&&', '||', '{', '}', '(', ')', '|', ','] as const;
const OPS = ['>=', '<=', '!=', '=~', '!~', '=', '>', '<'] as const;
const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?/;
const DURATION_UNIT = /^(ns|us|µs|ms|s|m|h)(?![A-Za-z0-9_.])/;
/** Attribute paths may hold dots, dashes, slashes and colons (`span:name`, `http.route`). */
const IDENT = /^[A-Za-z_.:][A-Za-z0-9_.:\-/]*/;

/**
 * The tokens of `text`.
 *
 * @throws CollectorError LT_UNSUPPORTED_QUERY on a character outside the subset's syntax.
 */
export function tokenize(text: string): Token[] {
  if (text.length > MAX_QUERY_CHARS)
    throw unsupported(`the query is longer than ${MAX_QUERY_CHARS} characters`);
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === '`') {
      const [value, next] = readString(text, i);
      out.push({ t: 'string', v: value });
      i = next;
      continue;
    }
    const rest = text.slice(i);
    const punct = PUNCT.find((p) => rest.startsWith(p));
    if (punct !== undefined) {
      out.push({ t: 'punct', v: punct });
      i += punct.length;
      continue;
    }
    const op = OPS.find((p) => rest.startsWith(p));
    if (op !== undefined) {
      out.push({ t: 'op', v: op });
      i += op.length;
      continue;
    }
    const num = NUMBER.exec(rest);
    if (num !== null && (c !== '.' || /^\.\d/.test(rest))) {
      const unit = DURATION_UNIT.exec(rest.slice(num[0].length));
      if (unit !== null) {
        out.push({ t: 'duration', ns: Number(num[0]) * DURATION_NS[unit[1]!]! });
        i += num[0].length + unit[0].length;
      } else {
        out.push({ t: 'number', v: Number(num[0]) });
        i += num[0].length;
      }
      continue;
    }
    const ident = IDENT.exec(rest);
    if (ident !== null) {
      out.push({ t: 'ident', v: ident[0] });
      i += ident[0].length;
      continue;
    }
    throw unsupported(`unexpected '${c}' at character ${i + 1}`);
  }
  return out;
}

/** A double-quoted string (backslash escapes) or a back-quoted raw string starting at `i`. */
function readString(text: string, i: number): [string, number] {
  const quote = text[i]!;
  let value = '';
  let k = i + 1;
  while (k < text.length && text[k] !== quote) {
    if (quote === '"' && text[k] === '\\' && k + 1 < text.length) {
      const e = text[k + 1]!;
      value += e === 'n' ? '\n' : e === 't' ? '\t' : e;
      k += 2;
    } else {
      value += text[k++]!;
    }
  }
  if (k >= text.length) throw unsupported(`a string opened at character ${i + 1} is not closed`);
  return [value, k + 1];
}
