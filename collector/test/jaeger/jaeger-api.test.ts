/**
 * Contract of the Jaeger query API under /jaeger, from what the Jaeger UI and Grafana's Jaeger
 * data source send (service and operation lists, /api/traces with service, operation, tags as
 * JSON, min/maxDuration as Go durations, limit, start/end in microseconds, lookback; trace by id;
 * /api/dependencies with endTs and lookback in ms) and the JSON they read.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testCollector, type TestCollector } from '../support/collector.js';
import { sendWorkload, type Workload } from '../tempo/tempo-workload.js';

interface Tag {
  key: string;
  type: string;
  value: unknown;
}
interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: { refType: string; traceID: string; spanID: string }[];
  startTime: number;
  duration: number;
  tags: Tag[];
  logs: unknown[];
  processID: string;
}
interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: Tag[] }>;
}
interface Envelope<T> {
  data: T;
  total: number;
  errors: { code: number; msg: string }[] | null;
}

describe('Jaeger query API', () => {
  let collector: TestCollector;
  let w: Workload;
  const nowMs = Date.now();

  before(async () => {
    collector = await testCollector();
    w = await sendWorkload(collector.url, nowMs);
  });
  after(() => collector.dispose());

  const get = async <T>(
    path: string,
    query: Record<string, string | number> = {},
  ): Promise<{ status: number; body: Envelope<T> }> => {
    const qs = new URLSearchParams(
      Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
    ).toString();
    const res = await fetch(`${collector.url}/jaeger${path}${qs ? `?${qs}` : ''}`);
    return { status: res.status, body: (await res.json()) as Envelope<T> };
  };

  it('lists services, and operations (names, and names with kinds)', async () => {
    assert.deepEqual((await get<string[]>('/api/services')).body.data, [
      'checkout',
      'inventory',
      'payments',
      'search',
    ]);
    assert.deepEqual((await get<string[]>('/api/services/inventory/operations')).body.data, ['SELECT stock']);
    const ops = await get<{ name: string; spanKind: string }[]>('/api/operations', { service: 'inventory' });
    assert.deepEqual(ops.body.data, [{ name: 'SELECT stock', spanKind: 'client' }]);
    const servers = await get<unknown[]>('/api/operations', { service: 'inventory', spanKind: 'server' });
    assert.deepEqual(servers.body.data, []);
  });

  it('a trace by id: spans with CHILD_OF references, µs times, typed tags, one process per resource', async () => {
    const { status, body } = await get<JaegerTrace[]>(`/api/traces/${w.failing}`);
    assert.equal(status, 200);
    const trace = body.data[0]!;
    assert.equal(trace.traceID, w.failing);
    const [root, child] = trace.spans;
    assert.equal(root!.operationName, 'GET /cart');
    assert.deepEqual(root!.references, []);
    assert.deepEqual(child!.references, [{ refType: 'CHILD_OF', traceID: w.failing, spanID: root!.spanID }]);
    assert.equal(root!.startTime, Number(w.rows[3]!.startTimeUnixNano / 1000n));
    assert.equal(root!.duration, 50_000);
    assert.deepEqual(
      root!.tags.filter((t) =>
        ['http.status_code', 'span.kind', 'otel.status_code', 'error'].includes(t.key),
      ),
      [
        { key: 'http.status_code', type: 'int64', value: 500 },
        { key: 'span.kind', type: 'string', value: 'server' },
        { key: 'otel.status_code', type: 'string', value: 'ERROR' },
        { key: 'error', type: 'bool', value: true },
      ],
    );
    assert.deepEqual(child!.tags[0], { key: 'payment.amount', type: 'float64', value: 12.5 });
    assert.equal(trace.processes[root!.processID]!.serviceName, 'checkout');
    assert.deepEqual(trace.processes[child!.processID], {
      serviceName: 'payments',
      tags: [{ key: 'region', type: 'string', value: 'eu' }],
    });
  });

  it('search by service, operation, tags, durations, window and limit', async () => {
    const ids = async (query: Record<string, string | number>): Promise<string[]> =>
      (await get<JaegerTrace[]>('/api/traces', query)).body.data.map((t) => t.traceID).sort();
    const startUs = (nowMs - 3_600_000) * 1000;
    const endUs = nowMs * 1000;
    assert.deepEqual(
      await ids({ service: 'payments', start: startUs, end: endUs, limit: 20, lookback: '1h' }),
      [w.failing, w.payment].sort(),
    );
    assert.deepEqual(await ids({ service: 'payments', tags: JSON.stringify({ region: 'us' }) }), [w.payment]);
    assert.deepEqual(await ids({ service: 'checkout', tags: '{"http.status_code":"500"}' }), [w.failing]);
    assert.deepEqual(await ids({ service: 'checkout', tags: '{"error":"true"}' }), [w.failing]);
    assert.deepEqual(await ids({ service: 'payments', operation: 'charge', minDuration: '50ms' }), [
      w.payment,
    ]);
    assert.deepEqual(await ids({ service: 'payments', maxDuration: '0.05s' }), [w.failing]);
    assert.deepEqual(await ids({ service: 'payments', start: startUs - 7_200_000_000, end: startUs }), []);
    assert.equal((await ids({ service: 'search', limit: 7 })).length, 7);
    const whole = await get<JaegerTrace[]>('/api/traces', { service: 'inventory' });
    assert.equal(whole.body.data[0]!.spans.length, 3, 'a found trace comes whole');
  });

  it('several traces by traceID, as the UI compares them', async () => {
    const { body } = await get<JaegerTrace[]>(`/api/traces?traceID=${w.cart}&traceID=${w.payment}`);
    assert.deepEqual(
      body.data.map((t) => t.traceID),
      [w.cart, w.payment],
    );
  });

  it('dependencies: cross-service parent/child calls in the window', async () => {
    const { body } = await get<{ parent: string; child: string; callCount: number }[]>('/api/dependencies', {
      endTs: nowMs,
      lookback: 3_600_000,
    });
    const sorted = [...body.data].sort((a, b) => a.child.localeCompare(b.child));
    assert.deepEqual(sorted, [
      { parent: 'checkout', child: 'inventory', callCount: 2 },
      { parent: 'checkout', child: 'payments', callCount: 1 },
    ]);
    const before = await get<unknown[]>('/api/dependencies', { endTs: nowMs - 3_600_000, lookback: 60_000 });
    assert.deepEqual(before.body.data, []);
  });

  it("errors come in Jaeger's envelope, with Laptime's code beside", async () => {
    const missing = await get<null>(`/api/traces/${'e'.repeat(32)}`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.errors![0]!.code, 404);
    const noService = await get<null>('/api/traces');
    assert.equal(noService.status, 400);
    assert.match(noService.body.errors![0]!.msg, /service/);
    const badTags = await get<null>('/api/traces', { service: 'checkout', tags: '{oops' });
    assert.equal(badTags.status, 400);
    assert.equal((badTags.body as unknown as { error: { code: string } }).error.code, 'LT_INVALID_ARGUMENT');
    const badDuration = await get<null>('/api/traces', { service: 'checkout', minDuration: 'soon' });
    assert.equal(badDuration.status, 400);
    const typo = await get<null>('/api/traces', { service: 'checkout', opration: 'x' });
    assert.equal(typo.status, 400);
    assert.match(typo.body.errors![0]!.msg, /'opration'/);
  });
});
