import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  JsonReader,
  JsonValueLimitError,
  MAX_BUILT_DEPTH,
  MAX_STRING_CHARS,
  SKIP_CHARS_PER_STEP,
} from '../../src/otlp/json-reader.js';
import { OtlpDecodeError } from '../../src/otlp/otlp-decode-error.js';
import { propertySeed } from './span-arbitraries.js';

const BIG_BUDGET = 1_000_000;

function readAll(text: string): unknown {
  const reader = new JsonReader(text);
  const value = reader.readValue({ limit: BIG_BUDGET, left: BIG_BUDGET });
  reader.expectEnd();
  return value;
}

function skipAll(text: string): void {
  const reader = new JsonReader(text);
  for (const _ of reader.skip());
  reader.expectEnd();
}

function accepts(f: () => unknown): boolean {
  try {
    f();
    return true;
  } catch (err) {
    if (err instanceof OtlpDecodeError || err instanceof SyntaxError) return false;
    throw err;
  }
}

/** JSON text of `v` with whitespace of every kind between tokens. */
const spacedJson = fc
  .tuple(fc.jsonValue(), fc.constantFrom('', ' ', '\n\t', ' \r\n '))
  .map(([v, ws]) => ({ v, text: `${ws}${JSON.stringify(v, null, ws.length > 0 ? ws : undefined)}${ws}` }));

test('readValue builds what JSON.parse builds, and skip consumes the same text', () => {
  const seed = propertySeed();
  fc.assert(
    fc.property(spacedJson, ({ text }) => {
      // Act
      const built = readAll(text);

      // Assert: same value, same key order (null-prototype objects compare through text).
      assert.equal(JSON.stringify(built), JSON.stringify(JSON.parse(text)));
      skipAll(text);
    }),
    { seed, numRuns: 300 },
  );
});

test('reading and skipping accept exactly the texts JSON.parse accepts', () => {
  const seed = propertySeed();
  const edit = fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom(...'{}[]:,"\\ 0-.e1tfnu\u0001x'));
  fc.assert(
    fc.property(spacedJson, fc.array(edit, { minLength: 1, maxLength: 3 }), ({ text }, edits) => {
      // Arrange: insert, delete or replace a few characters of valid JSON.
      let broken = text;
      for (const [at, kind, ch] of edits) {
        const k = broken.length === 0 ? 0 : at % broken.length;
        if (kind === 0) broken = broken.slice(0, k) + ch + broken.slice(k);
        else if (kind === 1) broken = broken.slice(0, k) + broken.slice(k + 1);
        else broken = broken.slice(0, k) + ch + broken.slice(k + 1);
      }
      const valid = accepts(() => JSON.parse(broken));

      // Act / Assert
      assert.equal(
        accepts(() => readAll(broken)),
        valid,
        broken,
      );
      assert.equal(
        accepts(() => skipAll(broken)),
        valid,
        broken,
      );
    }),
    { seed, numRuns: 2000 },
  );
});

test('strings: escapes, surrogates, a __proto__ key, control characters refused', () => {
  assert.equal(
    readAll('"a\\n\\t\\"\\\\\\/\\b\\f\\r\\u00e9\\ud83d\\udc31"'),
    'a\n\t"\\/\b\f\r\u00e9\u{1f431}',
  );
  assert.equal(readAll(`"${'\\n'.repeat(100_000)}"`), '\n'.repeat(100_000));
  assert.equal(Object.getPrototypeOf(readAll('{"__proto__":{"x":1}}')), null);
  assert.deepEqual(Object.keys(readAll('{"__proto__":{"x":1}}') as object), ['__proto__']);
  for (const bad of ['"a\nb"', '"\\x"', '"\\u12"', '"abc', '"\u0000"'])
    assert.throws(() => readAll(bad), OtlpDecodeError, JSON.stringify(bad));
});

test('values past the budget, the depth bound or the number length are refused, not built', () => {
  const deep = (n: number): string => `${'['.repeat(n)}${']'.repeat(n)}`;
  const read = (text: string, budget: number): unknown =>
    new JsonReader(text).readValue({ limit: budget, left: budget });

  assert.deepEqual(read('[1,2,3]', 4), [1, 2, 3]);
  assert.throws(
    () => read('[1,2,3,4]', 4),
    (err) => {
      assert.ok(err instanceof JsonValueLimitError);
      assert.equal(err.message, 'holds more than 4 JSON values');
      return true;
    },
  );
  assert.doesNotThrow(() => read(deep(MAX_BUILT_DEPTH), BIG_BUDGET));
  assert.throws(() => read(deep(MAX_BUILT_DEPTH + 1), BIG_BUDGET), /nests deeper than 104 JSON levels/);
  assert.throws(() => read('1'.repeat(1000), BIG_BUDGET), /a number of more than 128 characters/);
  const long = `"${'\\n'.repeat(MAX_STRING_CHARS / 2)}x"`;
  assert.equal((read(long.replace('x', ''), BIG_BUDGET) as string).length, MAX_STRING_CHARS / 2);
  assert.throws(() => read(`"${'y'.repeat(MAX_STRING_CHARS + 1)}"`, BIG_BUDGET), /a string of more than/);
});

test('skip takes any depth and yields on long values', () => {
  const depth = 1_000_000;
  const reader = new JsonReader(`${'['.repeat(depth)}${']'.repeat(depth)} `);

  let steps = 0;
  for (const _ of reader.skip()) steps++;

  reader.expectEnd();
  assert.ok(steps >= Math.floor((2 * depth) / SKIP_CHARS_PER_STEP), `${steps} steps`);
});
