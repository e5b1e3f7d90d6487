import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anyValueJson, attributesJson } from '../../src/api/attribute-json.js';

test('int64 is a JSON number up to 2^53 in magnitude, a decimal string beyond', () => {
  assert.equal(anyValueJson(2n ** 53n), 2 ** 53);
  assert.equal(anyValueJson(-(2n ** 53n)), -(2 ** 53));
  assert.equal(anyValueJson(2n ** 53n + 1n), '9007199254740993');
  assert.equal(anyValueJson(-(2n ** 63n)), '-9223372036854775808');
});

test('doubles JSON cannot carry are wrapped, spelled as proto3 JSON spells them: never taken for strings', () => {
  assert.deepEqual([NaN, Infinity, -Infinity, -0].map(anyValueJson), [
    { double: 'NaN' },
    { double: 'Infinity' },
    { double: '-Infinity' },
    { double: '-0' },
  ]);
  assert.notDeepEqual(anyValueJson(NaN), anyValueJson('NaN'));
});

test('a double that would print like an int is wrapped; one with a fraction is a plain number', () => {
  assert.deepEqual(anyValueJson(2), { double: 2 });
  assert.equal(anyValueJson(2n), 2);
  assert.deepEqual(anyValueJson(2 ** 63), { double: 2 ** 63 });
  assert.equal(anyValueJson(2n ** 63n - 1n), '9223372036854775807');
  assert.equal(anyValueJson(0.5), 0.5);
  assert.equal(anyValueJson(-1.25e-300), -1.25e-300);
  // Through JSON text too: the wrapped value reads back as the same double.
  const back = JSON.parse(JSON.stringify(anyValueJson(9223372036854775808))) as { double: number };
  assert.equal(back.double, 9223372036854775808);
});

test('bytes, arrays, maps and empty values keep their shape; __proto__ is a plain key', () => {
  const attrs = { b: new Uint8Array([255, 0]), list: [1n, 'x', null], map: { inner: true } };
  Object.defineProperty(attrs, '__proto__', { value: 'a plain key', enumerable: true });

  const json = attributesJson(attrs);

  assert.equal(
    JSON.stringify(json),
    '{"b":{"bytes":"/wA="},"list":[1,"x",null],"map":{"inner":true},"__proto__":"a plain key"}',
  );
});
