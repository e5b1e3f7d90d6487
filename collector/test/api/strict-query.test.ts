import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testCollector, type TestCollector } from '../support/collector.js';
import { sendSpans } from '../support/http.js';
import type { TestSpan } from '../support/spans.js';

interface ErrorBody {
  error: { code: string; message: string };
}
interface StatsBody {
  count: number;
  rate: number;
  from: number | null;
  to: number | null;
}

const MINUTE = 60_000;
let collector: TestCollector;
let now: number;

before(async () => {
  collector = await testCollector();
  now = Date.now();
  // 60 spans of "recent" in the last 5 minutes, 30 of "old" an hour ago.
  const spans: TestSpan[] = [
    ...Array.from({ length: 60 }, (_, i): TestSpan => ({
      name: 'recent',
      startMs: now - 4 * MINUTE + i * 1000,
    })),
    ...Array.from({ length: 30 }, (_, i): TestSpan => ({
      name: 'old',
      startMs: now - 60 * MINUTE + i * 1000,
    })),
  ];
  await sendSpans(collector.url, spans);
});

after(async () => {
  await collector.dispose();
});

async function get<T>(path: string, init?: RequestInit): Promise<{ status: number; body: T; res: Response }> {
  const res = await fetch(`${collector.url}${path}`, init);
  return { status: res.status, body: (await res.json()) as T, res };
}

describe('query parameters are checked', { concurrency: true }, () => {
  test('an unknown parameter is 400 naming it, on every API route', async () => {
    for (const path of [
      '/api/names?verbose=1',
      '/api/stats?windw=5m',
      '/api/stats/recent?service=checkout&sort=p99',
      '/api/spans?min_duration=5',
      '/api/spans/0?pretty=true',
      '/api/traces/0000000000000000000000000000000a?depth=2',
    ]) {
      const { status, body } = await get<ErrorBody>(path);

      assert.equal(status, 400, path);
      assert.equal(body.error.code, 'LT_INVALID_ARGUMENT', path);
      const name = /[?&]([^=&]+)=[^&]*$/.exec(path)![1]!;
      assert.match(body.error.message, new RegExp(`^unknown query parameter '${name}': `), path);
    }
  });

  test('several unknown parameters are all named', async () => {
    const { status, body } = await get<ErrorBody>('/api/stats?a=1&b=2&limit=3');

    assert.equal(status, 400);
    assert.match(body.error.message, /^unknown query parameters 'a', 'b': \/api\/stats takes only /);
  });
});

describe('window', { concurrency: true }, () => {
  test('/api/stats?window=5m keeps the last five minutes, as the CLI does', async () => {
    const { status, body } = await get<{ stats: (StatsBody & { name: string })[] }>('/api/stats?window=5m');

    assert.equal(status, 200);
    assert.deepEqual(
      body.stats.map((s) => [s.name, s.count]),
      [['recent', 60]],
    );
    assert.ok(Math.abs(body.stats[0]!.from! - (now - 5 * MINUTE)) < MINUTE);
  });

  test('/api/stats/:name?window=2h, and window with from is a 400', async () => {
    const [old, both, bad] = await Promise.all([
      get<StatsBody>('/api/stats/old?window=2h'),
      get<ErrorBody>('/api/stats?window=5m&from=-1h'),
      get<ErrorBody>('/api/stats?window=soon'),
    ]);

    assert.equal(old.body.count, 30);
    assert.equal(both.status, 400);
    assert.match(both.body.error.message, /window and from/);
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /^window: 'soon' is not a duration/);
  });
});

describe('rate: spans per second over the selected window', { concurrency: true }, () => {
  test('a window of 5 minutes divides by 300 s, whatever the series', async () => {
    const { body } = await get<StatsBody>('/api/stats/recent?window=5m');

    assert.ok(Math.abs(body.rate - 60 / 300) < 1e-3, String(body.rate));
  });

  test("all time divides every series' count by the store's life (first span to last), not its own", async () => {
    const { body } = await get<{ stats: (StatsBody & { name: string })[] }>('/api/stats');
    const lifeSeconds = (now - 4 * MINUTE + 59_000 - (now - 60 * MINUTE)) / 1000;

    for (const s of body.stats)
      assert.ok(Math.abs(s.rate - s.count / lifeSeconds) < 1e-3, `${s.name} ${s.rate}`);
  });
});

test('GET /v1/traces is 405 with Allow: POST', async () => {
  const { status, body, res } = await get<ErrorBody>('/v1/traces');

  assert.equal(status, 405);
  assert.equal(res.headers.get('allow'), 'POST');
  assert.equal(body.error.code, 'LT_METHOD_NOT_ALLOWED');
});
