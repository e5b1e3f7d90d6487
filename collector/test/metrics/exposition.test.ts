import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Exposition, escapeHelp, escapeLabelValue, formatValue } from '../../src/metrics/exposition.js';

test('label values escape backslash, quote and line feed; HELP escapes backslash and line feed', () => {
  assert.equal(escapeLabelValue('a\\b"c\nd'), 'a\\\\b\\"c\\nd');
  assert.equal(escapeHelp('a\\b"c\nd'), 'a\\\\b"c\\nd');
});

test('special floats are spelled as Prometheus reads them', () => {
  assert.deepEqual([NaN, Infinity, -Infinity, 0.25].map(formatValue), ['NaN', '+Inf', '-Inf', '0.25']);
});

test('a family is HELP, TYPE, then its samples; the text ends with a newline', () => {
  const text = new Exposition()
    .family('x_total', 'counter', 'Things.')
    .sample('x_total', 3, { k: 'v' })
    .text();

  assert.equal(text, '# HELP x_total Things.\n# TYPE x_total counter\nx_total{k="v"} 3\n');
});
