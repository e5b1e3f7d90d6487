import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProtoError } from '../../src/row/pb.js';
import { StringCache } from '../../src/row/string-cache.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

test('the cache decodes UTF-8 at any offset', () => {
  const cache = new StringCache(16);
  const buf = utf8('xxhttp.routé');
  assert.equal(cache.decode(buf, 2, buf.length), 'http.routé');
});

test('bytes seen before give the same string without decoding again', () => {
  const cache = new StringCache(16);
  const first = cache.decode(utf8('service.name'), 0, 12);
  assert.equal(cache.decode(utf8('service.name'), 0, 12), first);
});

test('different bytes in the same slot are told apart', () => {
  const cache = new StringCache(1);
  assert.equal(cache.decode(utf8('a'), 0, 1), 'a');
  assert.equal(cache.decode(utf8('b'), 0, 1), 'b');
  assert.equal(cache.decode(utf8('ab'), 0, 2), 'ab');
  assert.equal(cache.decode(utf8('a'), 0, 1), 'a');
});

test('the cache keeps its own copy of the bytes', () => {
  const cache = new StringCache(1);
  const buf = utf8('key');
  cache.decode(buf, 0, 3);
  buf[0] = 0x62;
  assert.equal(cache.decode(buf, 0, 3), 'bey');
});

test('long strings and invalid UTF-8 are handled like any decode', () => {
  const cache = new StringCache(4);
  const long = 'k'.repeat(500);
  assert.equal(cache.decode(utf8(long), 0, 500), long);
  assert.throws(() => cache.decode(Uint8Array.of(0xc3, 0x28), 0, 2), ProtoError);
});
