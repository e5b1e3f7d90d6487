import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseTraceQl } from '../../src/tempo/traceql-parser.js';
import { propertySeed } from '../otlp/span-arbitraries.js';

test('what Grafana writes parses: the query builder, metrics panels, empty and { true }', () => {
  const q = parseTraceQl(
    '{resource.service.name="checkout" && name=~"GET .*" && duration>=1.5ms && status=error}',
  );
  assert.equal(q.metrics, null);
  assert.equal(q.filter.op, 'and');
  assert.deepEqual(parseTraceQl('').filter, { op: 'true' });
  assert.deepEqual(parseTraceQl('{ true }').filter, { op: 'true' });
  assert.deepEqual(parseTraceQl('{} | rate() by(resource.service.name)').metrics, {
    fn: { fn: 'rate' },
    by: 'resource.service.name',
  });
  assert.deepEqual(parseTraceQl('{kind=server} | quantile_over_time(duration, .5, 0.99) by (name)').metrics, {
    fn: { fn: 'quantile_over_time', quantiles: [0.5, 0.99] },
    by: 'name',
  });
});

test('durations carry their units; strings their escapes', () => {
  const q = parseTraceQl('{duration > 1.5s && span.note = "a \\"b\\""}');
  assert.ok(q.filter.op === 'and');
  const [left, right] = [q.filter.left, q.filter.right];
  assert.ok(left.op === 'compare' && right.op === 'compare');
  assert.deepEqual(left.literal, { type: 'duration', ns: 1.5e9 });
  assert.deepEqual(right.literal, { type: 'string', value: 'a "b"' });
});

test('outside the subset is LT_UNSUPPORTED_QUERY, also for deep nesting and long queries', () => {
  for (const q of [
    '{ .a = 1 } || { .b = 2 }',
    '{ .a = 1 } | count() > 2',
    '{ event.name = "x" }',
    `{ ${'('.repeat(40)}.a = 1${')'.repeat(40)} }`,
    `{ .a = "${'x'.repeat(5000)}" }`,
    '{ .a = 1 } | quantile_over_time(duration, 2)',
    '{ .a = 1 } | rate() by(span.http.route)',
  ]) {
    assert.throws(() => parseTraceQl(q), { code: 'LT_UNSUPPORTED_QUERY' }, q.slice(0, 60));
  }
});

test('regular expressions that backtrack exponentially in JavaScript are refused', () => {
  assert.throws(() => parseTraceQl('{ .a =~ "(a+)+$" }'), { code: 'LT_UNSUPPORTED_QUERY' });
  assert.throws(() => parseTraceQl('{ .a =~ "(x*y*)*" }'), { code: 'LT_UNSUPPORTED_QUERY' });
  assert.doesNotThrow(() => parseTraceQl('{ .a =~ "(GET|POST) /api/.+" }'));
});

test('any text either parses or is LT_UNSUPPORTED_QUERY: never another error', () => {
  const seed = propertySeed();
  const pieces = fc.constantFrom(
    '{',
    '}',
    '(',
    ')',
    '&&',
    '||',
    '|',
    ',',
    '=',
    '!=',
    '>=',
    '<',
    '=~',
    '!~',
    '"x"',
    '"',
    '`',
    'name',
    'status',
    'error',
    'kind',
    'server',
    'duration',
    '10ms',
    '.5',
    '1e3',
    'span.a',
    'resource.b',
    '.c',
    'rate',
    'by',
    'quantile_over_time',
    'true',
    'count_over_time',
    ' ',
    '\\',
    'é',
    '-',
  );
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ maxLength: 40 }),
        fc.array(pieces, { maxLength: 25 }).map((a) => a.join('')),
      ),
      (text) => {
        try {
          parseTraceQl(text);
        } catch (err) {
          assert.equal((err as { code?: string }).code, 'LT_UNSUPPORTED_QUERY', text);
        }
      },
    ),
    { seed, numRuns: 2000 },
  );
});
