import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anyValueJson, attributesJson } from '../../src/api/attribute-json.js';

test('int64 is a JSON number up to 2^53 in magnitude, a decimal string beyond', () => {
  assert.equal(anyValueJson(2n ** 53n), 2 ** 53);
  assert.equal(anyValueJson(-(2n ** 53n)), -(2 ** 53));
  assert.equal(anyValueJson(2n ** 53n + 1n), '9007199254740993');
  assert.equal(anyValueJson(-(2n ** 63n)), '-9223372036854775808');
});

test('doubles JSON cannot carry are written as proto3 JSON spells them', () => {
  assert.deepEqual([NaN, Infinity, -Infinity].map(anyValueJson), ['NaN', 'Infinity', '-Infinity']);
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
