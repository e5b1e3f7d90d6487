import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startCollector, type RunningCollector } from '../../src/server.js';
import { bySeries } from '../../src/api/series-order.js';
import { laptime } from './run-cli.js';
import { filledDataDir } from './store-fixture.js';

const ROWS = 600;
let dataDir: string;
let collector: RunningCollector;

before(async () => {
  dataDir = await filledDataDir(ROWS);
  // The collector writes to the same directory the CLI reads with --data, beside it.
  collector = await startCollector({ host: '127.0.0.1', port: 0, poolMB: 8, dataDir });
});

after(async () => {
  await collector.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function api(path: string): Promise<unknown> {
  const res = await fetch(`${collector.url}${path}`);
  assert.equal(res.status, 200, path);
  return res.json();
}

/** The JSON the CLI prints for `args`, from the data directory and from the collector. */
async function cliJson(args: string[]): Promise<{ fromData: unknown; fromUrl: unknown }> {
  const [data, url] = await Promise.all([
    laptime([...args, '--json', '--data', dataDir]),
    laptime([...args, '--json', '--url', collector.url]),
  ]);
  assert.equal(data.code, 0, data.stderr);
  assert.equal(url.code, 0, url.stderr);
  return { fromData: JSON.parse(data.stdout), fromUrl: JSON.parse(url.stdout) };
}

describe('--json prints the HTTP API shapes', { concurrency: true }, () => {
  test('fetch <index> --json prints the Span of GET /api/spans/:index', async () => {
    const expected = await api('/api/spans/17');

    const { fromData, fromUrl } = await cliJson(['fetch', '17']);

    assert.deepEqual(fromData, expected);
    assert.deepEqual(fromUrl, expected);
  });

  test('stats --json prints {"stats": [...]} of GET /api/stats sorted by p99', async () => {
    const expected = await api('/api/stats?sort=p99&limit=5');

    const { fromData, fromUrl } = await cliJson(['stats', '--limit', '5']);

    assert.deepEqual(fromData, expected);
    assert.deepEqual(fromUrl, expected);
  });

  test('stats <name> --json prints the Stats of GET /api/stats/:name, a name with a slash too', async () => {
    const { series } = (await api('/api/names')) as { series: { service: string; name: string }[] };
    const one = series.find((s) => s.name.includes('/')) ?? series[0]!;
    const expected = await api(
      `/api/stats/${encodeURIComponent(one.name).replace(/%2F/g, '/')}?service=${encodeURIComponent(one.service)}&exact=true`,
    );

    const { fromData, fromUrl } = await cliJson(['stats', one.name, '--service', one.service, '--exact']);

    assert.deepEqual(fromData, expected);
    assert.deepEqual(fromUrl, expected);
  });

  test('names --json prints {"series": [...]} of GET /api/names', async () => {
    const expected = await api('/api/names');

    const { fromData, fromUrl } = await cliJson(['names']);

    assert.deepEqual(fromData, expected);
    assert.deepEqual(fromUrl, expected);
  });

  test('fetch all --json streams one Span per line in index order, filtered and limited', async () => {
    const { spans } = (await api('/api/spans?service=cart&limit=1000')) as { spans: unknown[] };

    const [all, limited, fromUrl] = await Promise.all([
      laptime(['fetch', 'all', '--json', '--data', dataDir]),
      laptime(['fetch', 'all', '--json', '--service', 'cart', '--limit', '7', '--data', dataDir]),
      laptime(['fetch', 'all', '--json', '--service', 'cart', '--url', collector.url]),
    ]);

    const lines = (out: string): unknown[] =>
      out
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown);
    assert.deepEqual(
      lines(all.stdout).map((s) => (s as { index: number }).index),
      Array.from({ length: ROWS }, (_, i) => i),
    );
    assert.deepEqual(lines(limited.stdout), spans.slice(0, 7));
    assert.deepEqual(lines(fromUrl.stdout), spans);
  });

  test('LAPTIME_URL is the default source; --token is sent to the collector', async () => {
    const guarded = await startCollector({
      host: '127.0.0.1',
      port: 0,
      poolMB: 8,
      dataDir: await filledDataDir(10),
      token: 's3cret',
    });
    try {
      const [withToken, withoutToken] = await Promise.all([
        laptime(['names', '--json', '--token', 's3cret'], { LAPTIME_URL: guarded.url }),
        laptime(['names', '--json'], { LAPTIME_URL: guarded.url }),
      ]);

      assert.equal(withToken.code, 0, withToken.stderr);
      assert.deepEqual(JSON.parse(withToken.stdout), { series: guarded.store.series().sort(bySeries) });
      assert.equal(withoutToken.code, 1);
      assert.equal(withoutToken.stderr.trimEnd().split('\n').length, 1, withoutToken.stderr);
    } finally {
      await guarded.close();
      rmSync(guarded.store.dir, { recursive: true, force: true });
    }
  });
});
