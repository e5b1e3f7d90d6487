/**
 * Contract of the Tempo API under /tempo, from what Grafana's Tempo data source sends (its
 * backend: `Accept: application/protobuf` on /api/v2/traces/<id>, falling back to /api/traces/<id>
 * on 404, start/end in unix seconds; its frontend: /api/search with q, limit, spss, start, end;
 * tag autocompletion; /api/metrics/query_range with q, start, end, step) and what it reads back.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ProtoReader } from '@laptime/store';
import { referenceRows } from '../otlp/reference-decoder.js';
import { testCollector, type TestCollector } from '../support/collector.js';
import { sendWorkload, type Workload } from './tempo-workload.js';

interface SearchAnswer {
  traces: {
    traceID: string;
    rootServiceName: string;
    rootTraceName: string;
    startTimeUnixNano: string;
    durationMs: number;
    spanSets: {
      spans: { spanID: string; durationNanos: string; attributes: unknown[] }[];
      matched: number;
    }[];
  }[];
}
interface MetricsAnswer {
  series: {
    labels: { key: string; value: { stringValue?: string; doubleValue?: number } }[];
    samples: { timestampMs: string; value: number }[];
    promLabels: string;
  }[];
}

describe('Tempo API', () => {
  let collector: TestCollector;
  let w: Workload;
  const nowMs = Date.now();
  const startS = Math.floor((nowMs - 3_600_000) / 1000);
  const endS = Math.ceil(nowMs / 1000);

  before(async () => {
    collector = await testCollector();
    w = await sendWorkload(collector.url, nowMs);
  });
  after(() => collector.dispose());

  const tempo = (path: string, query: Record<string, string | number> = {}): string => {
    const qs = new URLSearchParams(
      Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
    ).toString();
    return `${collector.url}/tempo${path}${qs ? `?${qs}` : ''}`;
  };
  const getJson = async <T>(path: string, query: Record<string, string | number> = {}): Promise<T> => {
    const res = await fetch(tempo(path, query));
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as T;
  };

  it('GET /api/echo answers "echo" (Save & test) and buildinfo a Tempo 2.x version', async () => {
    const echo = await fetch(tempo('/api/echo'));
    assert.equal(echo.status, 200);
    assert.equal(await echo.text(), 'echo');
    const info = await getJson<{ version: string }>('/api/status/buildinfo');
    assert.match(info.version, /^2\.\d+\.\d+/);
  });

  it('GET /api/v2/traces/<id> with Accept: application/protobuf answers a TraceByIDResponse', async () => {
    const res = await fetch(tempo(`/api/v2/traces/${w.failing}`, { start: startS, end: endS }), {
      headers: { accept: 'application/protobuf' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/protobuf');
    // TraceByIDResponse { 1: Trace { 1: repeated ResourceSpans } }: field 1's payload is TracesData.
    const body = new Uint8Array(await res.arrayBuffer());
    const r = new ProtoReader(body);
    assert.equal(r.tag(), (1 << 3) | 2);
    const trace = r.bytes();
    const spans = referenceRows(trace, 'TracesData');
    assert.deepStrictEqual(spans, w.rows.slice(3, 5));
  });

  it('GET /api/traces/<id> (v1) answers the trace in protobuf, and both versions in JSON', async () => {
    const proto = await fetch(tempo(`/api/traces/${w.cart}`), {
      headers: { accept: 'application/protobuf' },
    });
    assert.deepStrictEqual(
      referenceRows(new Uint8Array(await proto.arrayBuffer()), 'TracesData'),
      w.rows.slice(0, 3),
    );

    const v1 = await getJson<{ batches: { scopeSpans: { spans: { spanId: string }[] }[] }[] }>(
      `/api/traces/${w.cart}`,
    );
    const v2 = await getJson<{ trace: { resourceSpans: unknown[] } }>(`/api/v2/traces/${w.cart}`);
    assert.equal(v1.batches.length, 2, 'checkout and inventory');
    assert.deepEqual(v2.trace.resourceSpans, v1.batches);
  });

  it('an unknown trace is 404 on both versions (Grafana then tries v1); a short id is zero-padded', async () => {
    const v2 = await fetch(tempo(`/api/v2/traces/${'f'.repeat(32)}`), {
      headers: { accept: 'application/protobuf' },
    });
    const v1 = await fetch(tempo(`/api/traces/${'f'.repeat(32)}`), {
      headers: { accept: 'application/protobuf' },
    });
    assert.equal(v2.status, 404);
    assert.equal(v1.status, 404);
    const bad = await fetch(tempo('/api/traces/not-hex'));
    assert.equal(bad.status, 400);
    const short = await fetch(tempo(`/api/traces/${w.cart.replace(/^0+/, '')}`));
    assert.equal(short.status, 200);
  });

  it('GET /api/search answers traces with root service, root name, start, duration and span sets', async () => {
    const answer = await getJson<SearchAnswer>('/api/search', {
      q: '{resource.service.name="inventory" && span.db.system="postgresql"}',
      limit: 20,
      spss: 3,
      start: startS,
      end: endS,
    });
    assert.equal(answer.traces.length, 1);
    const t = answer.traces[0]!;
    assert.equal(t.traceID, w.cart);
    assert.equal(t.rootServiceName, 'checkout');
    assert.equal(t.rootTraceName, 'GET /cart');
    assert.equal(t.startTimeUnixNano, w.rows[0]!.startTimeUnixNano.toString());
    assert.equal(t.durationMs, 20);
    assert.equal(t.spanSets[0]!.matched, 2);
    assert.deepEqual(t.spanSets[0]!.spans[0]!.attributes, [
      { key: 'db.system', value: { stringValue: 'postgresql' } },
    ]);
  });

  it('search filters: status, kind, duration, numbers, regex, ||, parentheses, unscoped attributes', async () => {
    const traceIds = async (q: string): Promise<string[]> =>
      (await getJson<SearchAnswer>('/api/search', { q, limit: 100 })).traces.map((t) => t.traceID).sort();
    assert.deepEqual(await traceIds('{status=error}'), [w.failing]);
    assert.deepEqual(await traceIds('{ kind = client }'), [w.cart]);
    assert.deepEqual(await traceIds('{name="charge" && duration > 50ms}'), [w.payment]);
    assert.deepEqual(await traceIds('{span.http.status_code >= 500}'), [w.failing]);
    assert.deepEqual(await traceIds('{resource.service.name=~"pay.*"}'), [w.failing, w.payment].sort());
    assert.deepEqual(
      await traceIds('{resource.region="us" || (.http.status_code=200 && status!=error)}'),
      [w.cart, w.payment].sort(),
    );
    assert.deepEqual(await traceIds('{span.payment.amount = 12.5}'), [w.failing]);
    assert.deepEqual(await traceIds('{span.missing != "x"}'), []);
  });

  it('search honours limit, spss and the start/end window', async () => {
    const limited = await getJson<SearchAnswer>('/api/search', {
      q: '{name="GET /items"}',
      limit: 5,
      spss: 1,
    });
    assert.equal(limited.traces.length, 5);
    // Newest first.
    const starts = limited.traces.map((t) => BigInt(t.startTimeUnixNano));
    assert.ok(starts.every((s, i) => i === 0 || s <= starts[i - 1]!));
    const past = await getJson<SearchAnswer>('/api/search', {
      q: '{}',
      start: startS - 7200,
      end: startS - 3600,
    });
    assert.equal(past.traces.length, 0);
  });

  it('queries outside the subset answer 400 LT_UNSUPPORTED_QUERY naming what is supported', async () => {
    for (const q of [
      '{ .a = 1 } && { .b = 2 }',
      '{ .a = 1 } >> { .b = 2 }',
      '{ } | select(span.http.route)',
      '{ traceDuration > 1s }',
      '{ span.http.route = "/x" ',
      '{ .x =~ "(" }',
    ]) {
      const res = await fetch(tempo('/api/search', { q }));
      assert.equal(res.status, 400, q);
      const body = (await res.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'LT_UNSUPPORTED_QUERY', q);
      assert.match(body.error.message, /resource\.service\.name, name, status, kind, duration/, q);
    }
  });

  it('tag names (v1 and v2 by scope) and typed tag values', async () => {
    const v1 = await getJson<{ tagNames: string[] }>('/api/search/tags');
    assert.ok(v1.tagNames.includes('http.route') && v1.tagNames.includes('region'));
    const v2 = await getJson<{ scopes: { name: string; tags: string[] }[] }>('/api/v2/search/tags', {
      scope: 'resource',
    });
    assert.deepEqual(v2.scopes, [{ name: 'resource', tags: ['region', 'service.name'] }]);
    const all = await getJson<{ scopes: { name: string; tags: string[] }[] }>('/api/v2/search/tags');
    assert.deepEqual(
      all.scopes.map((s) => s.name),
      ['resource', 'span', 'intrinsic'],
    );

    const services = await getJson<{ tagValues: { type: string; value: string }[] }>(
      '/api/v2/search/tag/resource.service.name/values',
    );
    assert.deepEqual(
      services.tagValues.map((v) => v.value),
      ['checkout', 'inventory', 'payments', 'search'],
    );
    const codes = await getJson<{ tagValues: { type: string; value: string }[] }>(
      '/api/v2/search/tag/span.http.status_code/values',
    );
    assert.deepEqual(codes.tagValues, [
      { type: 'int', value: '200' },
      { type: 'int', value: '500' },
    ]);
    const filtered = await getJson<{ tagValues: { value: string }[] }>(
      '/api/v2/search/tag/resource.region/values',
      {
        q: '{status=error}',
      },
    );
    assert.deepEqual(filtered.tagValues, [{ type: 'string', value: 'eu' }]);
    const status = await getJson<{ tagValues: { type: string }[] }>('/api/v2/search/tag/status/values');
    assert.ok(status.tagValues.every((v) => v.type === 'keyword'));
    const plain = await getJson<{ tagValues: string[] }>('/api/search/tag/region/values');
    assert.deepEqual(plain.tagValues, ['eu', 'us']);
    // What the editor sends while typing: a partial filter filters nothing, an unknown tag has no values.
    const typing = await getJson<{ tagValues: { value: string }[] }>(
      '/api/v2/search/tag/resource.region/values',
      {
        q: '{ resource.region = }',
      },
    );
    assert.equal(typing.tagValues.length, 2);
    const eventTag = await getJson<{ tagValues: unknown[] }>('/api/v2/search/tag/event.name/values');
    assert.deepEqual(eventTag.tagValues, []);
  });

  it('metrics: rate and count_over_time by service from the aggregates, summing to the spans sent', async () => {
    const query = { start: startS, end: endS, step: '60s' };
    const count = await getJson<MetricsAnswer>('/api/metrics/query_range', {
      ...query,
      q: '{} | count_over_time() by(resource.service.name)',
    });
    const total = (s: MetricsAnswer['series'][number]): number => s.samples.reduce((a, x) => a + x.value, 0);
    const search = count.series.find((s) => s.labels[0]?.value.stringValue === 'search')!;
    assert.equal(search.labels[0]!.key, 'resource.service.name');
    assert.equal(search.promLabels, '{resource.service.name="search"}');
    assert.equal(total(search), w.seriesDurations.length);
    const rate = await getJson<MetricsAnswer>('/api/metrics/query_range', {
      ...query,
      q: '{resource.service.name="search"} | rate()',
    });
    assert.equal(rate.series.length, 1);
    assert.ok(Math.abs(total(rate.series[0]!) * 60 - w.seriesDurations.length) < 1e-9);
  });

  it('metrics: quantile_over_time within 1% from sketches, for the aggregates path and the scan path', async () => {
    // Within the buckets' hour: a filter on the name alone reads no span, one on an attribute does.
    const query = { start: endS - 50 * 60, end: endS, step: '3600s' };
    // 20 spans each of 10, 30 and 60 ms: p50 is 30 ms, p99 60 ms.
    for (const q of [
      '{name="GET /items"} | quantile_over_time(duration, .5, .99) by(name)',
      '{span.http.route="/items"} | quantile_over_time(duration, .5, .99) by(name)',
    ]) {
      const answer = await getJson<MetricsAnswer & { metrics: { inspectedSpans: number } }>(
        '/api/metrics/query_range',
        { ...query, q },
      );
      assert.equal(answer.metrics.inspectedSpans === 0, q.startsWith('{name='), `${q}: spans read`);
      const byP = new Map(
        answer.series.map((s) => [
          s.labels.find((l) => l.key === 'p')!.value.doubleValue!,
          s.samples.map((x) => x.value),
        ]),
      );
      const p50 = byP.get(0.5)!.filter((v) => v > 0);
      const p99 = byP.get(0.99)!.filter((v) => v > 0);
      assert.equal(p50.length, 1, q);
      assert.ok(Math.abs(p50[0]! - 0.03) <= 0.03 * 0.01 + 1e-12, `${q}: p50 ${p50[0]}`);
      assert.ok(Math.abs(p99[0]! - 0.06) <= 0.06 * 0.01 + 1e-12, `${q}: p99 ${p99[0]}`);
    }
  });

  it('unknown query parameters are a 400 naming them; legacy tag search is LT_UNSUPPORTED_QUERY', async () => {
    const typo = await fetch(tempo('/api/search', { q: '{}', limt: 5 }));
    assert.equal(typo.status, 400);
    assert.match(((await typo.json()) as { error: { message: string } }).error.message, /'limt'/);
    const legacy = await fetch(tempo('/api/search', { tags: 'service.name=checkout', minDuration: '10ms' }));
    assert.equal(legacy.status, 400);
    assert.equal(((await legacy.json()) as { error: { code: string } }).error.code, 'LT_UNSUPPORTED_QUERY');
  });

  it('instant metrics (/api/metrics/query): one value per series over the whole window', async () => {
    const query = { start: startS, end: endS };
    const count = await getJson<{ series: { labels: unknown[]; value: number }[] }>('/api/metrics/query', {
      ...query,
      q: '{resource.service.name="search"} | count_over_time()',
    });
    assert.deepEqual(
      count.series.map((s) => s.value),
      [w.seriesDurations.length],
    );
    const p50 = await getJson<{ series: { value: number }[] }>('/api/metrics/query', {
      ...query,
      q: '{span.http.route="/items"} | quantile_over_time(duration, .5)',
    });
    assert.ok(Math.abs(p50.series[0]!.value - 0.03) <= 0.03 * 0.01 + 1e-12, String(p50.series[0]!.value));
  });

  it('metrics refuse a search query, and a step too fine for the window', async () => {
    const search = await fetch(tempo('/api/metrics/query_range', { q: '{}' }));
    assert.equal(search.status, 400);
    const fine = await fetch(
      tempo('/api/metrics/query_range', { q: '{} | rate()', since: '30d', step: '1s' }),
    );
    assert.equal(fine.status, 400);
  });
});
