/**
 * A pull reader of JSON text (RFC 8259) for the OTLP/JSON decoder. Unlike `JSON.parse`, which
 * builds the whole document (63 MB of `[],` became 21M arrays, 2.3 GB and 22 s of blocked event
 * loop), it lets the decoder walk the request's framing, skip what it does not read without
 * building anything, and build one span at a time under a bound on its size and nesting.
 */
import { OtlpDecodeError } from './otlp-decode-error.js';

/** JSON values one {@link JsonReader.readValue} call may build. */
export interface ValueBudget {
  readonly limit: number;
  /** Values (objects, arrays, strings, numbers, literals) still allowed. */
  left: number;
}

/** A value too large or too deep to build: the decoder rejects the span that holds it. */
export class JsonValueLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonValueLimitError';
  }
}

/** Deepest nesting of a built value: 32 AnyValue levels (3 JSON levels each) in a span's events. */
export const MAX_BUILT_DEPTH = 104;
/** Longest number literal converted; a double needs 17 significant digits, an int64 20. */
export const MAX_NUMBER_CHARS = 128;
/**
 * Longest string built. A store row holds at most 4 MiB of attributes, events and links; the
 * margin lets the store, not this reader, word the refusal of what is merely too large to store.
 */
export const MAX_STRING_CHARS = 16 * 1024 * 1024;
/** Characters skipped between two yields of {@link JsonReader.skip}: well under a millisecond. */
export const SKIP_CHARS_PER_STEP = 64 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const SPACE = 0x20;
const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Up to 4096 stretches of a string's content (plain characters, or one valid escape), matched
 * by the regular expression engine rather than character by character in JavaScript: a string of
 * 32M escapes took 43 s that way.
 */
// eslint-disable-next-line no-control-regex -- JSON strings may not hold raw control characters
const STRING_RUN = /(?:[^"\\\u0000-\u001f]+|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})){0,4096}/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/** Kinds of open containers while skipping, one byte each. */
const IN_OBJECT = 1;
const IN_ARRAY = 2;

export class JsonReader {
  /** Index of the next character to read. */
  pos = 0;

  constructor(private readonly text: string) {}

  /** Skips whitespace; the code of the next character, or -1 at the end. */
  peek(): number {
    const { text } = this;
    let pos = this.pos;
    let c = text.charCodeAt(pos);
    // A loop, not a regex: this runs once per value and most values follow no whitespace.
    while (c === SPACE || c === LINE_FEED || c === CARRIAGE_RETURN || c === TAB) c = text.charCodeAt(++pos);
    this.pos = pos;
    return pos < text.length ? c : -1;
  }

  /** The JSON type of the next value, for error messages. */
  nextType(): string {
    const c = this.peek();
    if (c === OPEN_BRACE) return 'object';
    if (c === OPEN_BRACKET) return 'array';
    if (c === QUOTE) return 'string';
    if (this.text.startsWith('null', this.pos)) return 'null';
    if (this.text.startsWith('true', this.pos) || this.text.startsWith('false', this.pos)) return 'boolean';
    return 'number';
  }

  /** True when the next value is `null` (consumed). */
  takeNull(): boolean {
    if (this.peek() !== 0x6e || !this.text.startsWith('null', this.pos)) return false;
    this.pos += 4;
    return true;
  }

  /** Fails unless only whitespace is left. */
  expectEnd(): void {
    if (this.peek() !== -1) throw this.syntaxError('unexpected text after the request');
  }

  /** Enters an object; then call {@link nextKey} until it returns null. */
  beginObject(): void {
    this.expect(OPEN_BRACE, "'{'");
  }

  /** The next member's key (its value comes next), or null after the closing brace. */
  nextKey(first: boolean): string | null {
    const c = this.peek();
    if (c === CLOSE_BRACE) {
      this.pos++;
      return null;
    }
    if (!first) {
      this.expect(COMMA, "',' or '}'");
      this.peek();
    }
    const key = this.readString();
    this.expect(COLON, "':'");
    return key;
  }

  /** Enters an array; then call {@link nextItem} until it returns false. */
  beginArray(): void {
    this.expect(OPEN_BRACKET, "'['");
  }

  /** True when another item follows (read it next), false after the closing bracket. */
  nextItem(first: boolean): boolean {
    const c = this.peek();
    if (c === CLOSE_BRACKET) {
      this.pos++;
      return false;
    }
    if (!first) this.expect(COMMA, "',' or ']'");
    return true;
  }

  /**
   * Builds the next value as `JSON.parse` would (objects without a prototype, so a `__proto__`
   * key stays an entry), spending `budget`.
   *
   * @throws JsonValueLimitError past the budget, {@link MAX_BUILT_DEPTH} or {@link MAX_NUMBER_CHARS};
   *   the reader's position is then inside the value.
   * @throws OtlpDecodeError on a syntax error.
   */
  readValue(budget: ValueBudget, depth = 0): unknown {
    if (--budget.left < 0) throw new JsonValueLimitError(`holds more than ${budget.limit} JSON values`);
    const c = this.peek();
    if (c === QUOTE) {
      const value = this.readString();
      if (value.length > MAX_STRING_CHARS)
        throw new JsonValueLimitError(`holds a string of more than ${MAX_STRING_CHARS} characters`);
      return value;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (depth >= MAX_BUILT_DEPTH)
        throw new JsonValueLimitError(`nests deeper than ${MAX_BUILT_DEPTH} JSON levels`);
      return c === OPEN_BRACE ? this.readObject(budget, depth + 1) : this.readArray(budget, depth + 1);
    }
    return this.readLiteral();
  }

  /**
   * Skips the next value, checking its syntax, building nothing; any depth. Yields after each
   * {@link SKIP_CHARS_PER_STEP} characters or so, so that its driver may give the event loop a turn.
   */
  *skip(): Generator<void, void> {
    let stack: Uint8Array = new Uint8Array(64);
    let depth = 0;
    let stepEnd = this.pos + SKIP_CHARS_PER_STEP;
    for (;;) {
      if (this.pos > stepEnd) {
        yield;
        stepEnd = this.pos + SKIP_CHARS_PER_STEP;
      }
      const c = this.peek();
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        this.pos++;
        if (depth === stack.length) stack = grown(stack);
        stack[depth++] = c === OPEN_BRACE ? IN_OBJECT : IN_ARRAY;
        const close = this.peek() === (c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET);
        if (close) {
          this.pos++;
          depth--;
        } else {
          if (c === OPEN_BRACE) this.skipKey();
          continue;
        }
      } else if (c === QUOTE) this.skipString();
      else this.skipLiteral();
      // After a value: close containers, or move to the next item.
      for (;;) {
        if (depth === 0) return;
        if (this.pos > stepEnd) {
          yield;
          stepEnd = this.pos + SKIP_CHARS_PER_STEP;
        }
        const inObject = stack[depth - 1] === IN_OBJECT;
        const next = this.peek();
        if (next === COMMA) {
          this.pos++;
          if (inObject) this.skipKey();
          break;
        }
        this.expect(inObject ? CLOSE_BRACE : CLOSE_BRACKET, inObject ? "',' or '}'" : "',' or ']'");
        depth--;
      }
    }
  }

  /** A decode error naming the position. */
  syntaxError(what: string): OtlpDecodeError {
    return new OtlpDecodeError(`invalid JSON at character ${this.pos}: ${what}`);
  }

  private readObject(budget: ValueBudget, depth: number): Record<string, unknown> {
    this.pos++;
    const out = Object.create(null) as Record<string, unknown>;
    for (let first = true; ; first = false) {
      const key = this.nextKey(first);
      if (key === null) return out;
      out[key] = this.readValue(budget, depth);
    }
  }

  private readArray(budget: ValueBudget, depth: number): unknown[] {
    this.pos++;
    const out: unknown[] = [];
    for (let first = true; this.nextItem(first); first = false) out.push(this.readValue(budget, depth));
    return out;
  }

  private readLiteral(): unknown {
    const { text } = this;
    if (text.startsWith('true', this.pos)) return this.advance(4, true);
    if (text.startsWith('false', this.pos)) return this.advance(5, false);
    if (text.startsWith('null', this.pos)) return this.advance(4, null);
    const end = this.numberEnd();
    if (end - this.pos > MAX_NUMBER_CHARS)
      throw new JsonValueLimitError(`holds a number of more than ${MAX_NUMBER_CHARS} characters`);
    return this.advance(end - this.pos, Number(text.slice(this.pos, end)));
  }

  private skipLiteral(): void {
    const { text } = this;
    if (text.startsWith('true', this.pos) || text.startsWith('null', this.pos)) this.pos += 4;
    else if (text.startsWith('false', this.pos)) this.pos += 5;
    else this.pos = this.numberEnd();
  }

  private numberEnd(): number {
    NUMBER.lastIndex = this.pos;
    if (!NUMBER.test(this.text) || NUMBER.lastIndex === this.pos) throw this.syntaxError('expected a value');
    return NUMBER.lastIndex;
  }

  private skipKey(): void {
    this.peek();
    this.skipString();
    this.expect(COLON, "':'");
  }

  /** Reads a string at the position (whitespace already skipped). */
  private readString(): string {
    const start = this.pos;
    const end = this.stringEnd();
    this.pos = end + 1;
    const raw = this.text.slice(start + 1, end);
    // The content is valid JSON already: escapes, when there are any, are decoded natively.
    return raw.includes('\\') ? (JSON.parse(this.text.slice(start, end + 1)) as string) : raw;
  }

  private skipString(): void {
    this.pos = this.stringEnd() + 1;
  }

  /** Index of the closing quote of the string at the position, its content checked. */
  private stringEnd(): number {
    const { text } = this;
    if (text.charCodeAt(this.pos) !== QUOTE) throw this.syntaxError('expected a string');
    let pos = this.pos + 1;
    for (;;) {
      STRING_RUN.lastIndex = pos;
      STRING_RUN.test(text);
      if (STRING_RUN.lastIndex === pos) break;
      pos = STRING_RUN.lastIndex;
    }
    if (text.charCodeAt(pos) === QUOTE) return pos;
    this.pos = pos;
    if (pos >= text.length) throw this.syntaxError('unterminated string');
    throw this.syntaxError(
      text.charCodeAt(pos) === BACKSLASH ? 'bad escape' : 'control character in a string',
    );
  }

  private expect(code: number, what: string): void {
    if (this.peek() !== code) throw this.syntaxError(`expected ${what}`);
    this.pos++;
  }

  private advance<T>(n: number, value: T): T {
    this.pos += n;
    return value;
  }
}

function grown(stack: Uint8Array): Uint8Array {
  const next = new Uint8Array(stack.length * 2);
  next.set(stack);
  return next;
}
