import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { SpanJson } from '../../src/api/span-json.js';
import { testCollector, type TestCollector } from '../support/collector.js';
import { sendSpans } from '../support/http.js';
import { BASE_MS, type TestSpan } from '../support/spans.js';
import { laptime } from './run-cli.js';

const TRACE = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const OTHER_TRACE = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
/** A checkout trace (root, two children, a grandchild that failed) and unrelated spans around it. */
const SPANS: TestSpan[] = [
  {
    name: 'GET /cart',
    service: 'web',
    traceId: TRACE,
    spanId: '00000000000000a1',
    startMs: BASE_MS,
    durationMs: 120,
  },
  {
    name: 'loadCart',
    service: 'web',
    traceId: TRACE,
    spanId: '00000000000000a2',
    parentSpanId: '00000000000000a1',
    startMs: BASE_MS + 5,
    durationMs: 60,
    kind: 1,
  },
  {
    name: 'SELECT carts',
    service: 'db',
    traceId: TRACE,
    spanId: '00000000000000a3',
    parentSpanId: '00000000000000a2',
    startMs: BASE_MS + 10,
    durationMs: 40,
    kind: 3,
    status: 2,
    statusMessage: 'deadlock',
  },
  {
    name: 'price',
    service: 'web',
    traceId: TRACE,
    spanId: '00000000000000a4',
    parentSpanId: '00000000000000a1',
    startMs: BASE_MS + 70,
    durationMs: 45,
    kind: 1,
  },
  ...Array.from({ length: 30 }, (_, i): TestSpan => ({
    name: i % 2 === 0 ? 'GET /search' : 'GET /cart',
    service: 'web',
    traceId: OTHER_TRACE,
    startMs: BASE_MS + 1000 + i * 1000,
    durationMs: 1 + i,
    status: i % 7 === 0 ? 2 : 0,
  })),
];

let collector: TestCollector;

before(async () => {
  collector = await testCollector();
  await sendSpans(collector.url, SPANS);
});

after(async () => {
  await collector.dispose();
});

/** `fetch all <filters> --json` from the collector and from its data directory: the same spans. */
async function fetchAll(filters: string[]): Promise<SpanJson[]> {
  const [url, data] = await Promise.all([
    laptime(['fetch', 'all', ...filters, '--json', '--url', collector.url]),
    laptime(['fetch', 'all', ...filters, '--json', '--data', collector.dataDir]),
  ]);
  assert.equal(url.code, 0, url.stderr);
  assert.equal(data.code, 0, data.stderr);
  const parse = (out: string): SpanJson[] =>
    out === ''
      ? []
      : out
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l) as SpanJson);
  assert.deepEqual(parse(data.stdout), parse(url.stdout));
  return parse(url.stdout);
}

describe('fetch all takes the REST filters', { concurrency: true }, () => {
  test('--min-duration with a unit keeps only spans at least that long', async () => {
    const spans = await fetchAll(['--min-duration', '25ms']);

    assert.ok(spans.length > 0);
    assert.ok(spans.every((s) => s.duration >= 25));
    assert.equal(spans.length, SPANS.filter((s) => (s.durationMs ?? 10) >= 25).length);
  });

  test('--status error --service db: the failed query only', async () => {
    const spans = await fetchAll(['--status', 'error', '--service', 'db']);

    assert.deepEqual(
      spans.map((s) => [s.name, s.status.message]),
      [['SELECT carts', 'deadlock']],
    );
  });

  test('--trace keeps one trace; --order desc lists newest rows first; --limit cuts', async () => {
    const trace = await fetchAll(['--trace', TRACE]);
    const newest = await fetchAll(['--order', 'desc', '--limit', '3']);

    assert.deepEqual(trace.map((s) => s.spanId).sort(), [
      '00000000000000a1',
      '00000000000000a2',
      '00000000000000a3',
      '00000000000000a4',
    ]);
    assert.deepEqual(
      newest.map((s) => s.index),
      [SPANS.length - 1, SPANS.length - 2, SPANS.length - 3],
    );
  });

  test('--from and --to keep spans that started in [from, to)', async () => {
    const spans = await fetchAll([
      '--from',
      String(BASE_MS + 5000),
      '--to',
      new Date(BASE_MS + 10_000).toISOString(),
    ]);

    assert.deepEqual(
      spans.map((s) => Number(BigInt(s.startTimeUnixNano) / 1_000_000n)),
      [5000, 6000, 7000, 8000, 9000].map((d) => BASE_MS + d),
    );
  });
});

describe('laptime trace', { concurrency: true }, () => {
  test('prints the waterfall: tree order, offsets, durations, bars placed on the time line, a dashboard link', async () => {
    const r = await laptime(['trace', TRACE.toUpperCase(), '--url', collector.url]);

    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, new RegExp(`^trace ${TRACE}: 4 spans, 2 services, 120 ms, 1 error, started `));
    assert.match(lines[1]!, /^\s+offset\s+duration\s+span\s+timeline$/);
    const rows = lines.slice(2, 6);
    assert.deepEqual(
      rows.map((l) => /^\s*(\S+ \S+)\s+(\S+ \S+) {2}(.*?\S)\s{2,}/.exec(l)?.slice(1)),
      [
        ['0 µs', '120 ms', 'web GET /cart'],
        ['5 ms', '60 ms', '  web loadCart'],
        ['10 ms', '40 ms', '    db SELECT carts'],
        ['70 ms', '45 ms', '  web price'],
      ],
    );
    // The root's bar fills the 40-column time line; price starts at 70/120 of it.
    assert.match(rows[0]!, /█{40}$/);
    assert.match(rows[3]!, / {23}█{15}$/);
    assert.equal(lines[6], `open in the dashboard: ${collector.url}/#/trace/${TRACE}`);
  });

  test('--json prints GET /api/traces/:traceId; an unknown trace is exit 1 in one line', async () => {
    const [json, unknown] = await Promise.all([
      laptime(['trace', TRACE, '--json', '--data', collector.dataDir]),
      laptime(['trace', 'cccccccccccccccccccccccccccccccc', '--data', collector.dataDir]),
    ]);
    const expected: unknown = await (await fetch(`${collector.url}/api/traces/${TRACE}`)).json();

    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), expected);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stderr, 'laptime: no spans of trace cccccccccccccccccccccccccccccccc are stored\n');
  });
});

describe('small wording', { concurrency: true }, () => {
  test('fetch explains the flags; names is sorted; check pluralises and counts series as names does', async () => {
    const [one, names, check] = await Promise.all([
      laptime(['fetch', '1', '--data', collector.dataDir]),
      laptime(['names', '--data', collector.dataDir]),
      laptime(['check', '--data', collector.dataDir]),
    ]);

    assert.match(one.stdout, /^flags\s+257 \(sampled, local parent\)$/m);
    const rows = names.stdout
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) =>
        l
          .split(/\s{2,}/)
          .slice(0, 2)
          .join(' / '),
      );
    assert.deepEqual(rows, [
      'db / SELECT carts',
      'web / GET /cart',
      'web / GET /search',
      'web / loadCart',
      'web / price',
    ]);
    assert.match(
      check.stdout,
      /^ {2}34 rows in \d+ segments?; checked \d+ pages?, 34 rows, 5 series \(aggregates recounted\)$/m,
    );
  });
});
