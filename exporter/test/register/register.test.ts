import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { capture } from '../../src/capture/capture.js';
import { register } from '../../src/register/register.js';
import { exited, runSupportScript } from '../support/child-process.js';
import { testCollector, type ApiSpan, type ApiStats } from '../support/test-collector.js';

test('register() sets up tracing to the collector; shutdown flushes and unregisters', async (t) => {
  const c = await testCollector();
  t.after(() => c.dispose());

  const first = register({ serviceName: 'svc-a', url: c.url });
  capture(function a() {})();
  await first.shutdown();
  const second = register({ serviceName: 'svc-b', url: c.url });
  capture(function b() {})();
  await second.shutdown();

  const names = await c.get<{ series: { service: string; name: string }[] }>('/api/names');
  assert.deepEqual(names.series.map((s) => `${s.service}/${s.name}`).sort(), ['svc-a/a', 'svc-b/b']);
  const [span] = (
    await c.get<{ spans: (ApiSpan & { resource: Record<string, unknown> })[] }>('/api/spans?name=a')
  ).spans;
  assert.equal(span!.resource['telemetry.sdk.language'], 'nodejs', 'the default resource is kept');
});

test('forceFlush() resolves once the spans are stored by the collector', async (t) => {
  const c = await testCollector();
  t.after(() => c.dispose());
  const registration = register({ serviceName: 'svc-flush', url: c.url });
  t.after(() => registration.shutdown());

  for (let i = 0; i < 25; i++) capture(function flushed() {})();
  await registration.forceFlush();

  const stats = await c.get<ApiStats>('/api/stats/flushed');
  assert.equal(stats.count, 25);
});

test('with a tracer provider already registered, register() adds nothing and warns once', async () => {
  const theirs = new BasicTracerProvider();
  trace.setGlobalTracerProvider(theirs);
  const warnings: Error[] = [];
  const onWarning = (w: Error) => warnings.push(w);
  process.on('warning', onWarning);

  const r1 = register({ url: 'http://127.0.0.1:9' });
  const r2 = register({ url: 'http://127.0.0.1:9' });
  await r1.shutdown();
  await r2.shutdown();
  await new Promise((resolve) => setImmediate(resolve));

  process.off('warning', onWarning);
  assert.equal(warnings.length, 1);
  assert.equal((warnings[0] as Error & { code?: string }).code, 'LAPTIME_PROVIDER_EXISTS');
  assert.equal(
    trace.getTracerProvider().getTracer('x').constructor.name,
    'Tracer',
    'theirs is still in place',
  );
  trace.disable();
});

test('a bad option is refused with its name', () => {
  assert.throws(() => register({ serviceName: '' }), { code: 'LT_INVALID_ARGUMENT', message: /serviceName/ });
  assert.throws(() => register({ compression: 'zstd' as 'gzip' }), {
    code: 'LT_INVALID_ARGUMENT',
    message: /compression/,
  });
});

test('spans are flushed when the app ends by itself (beforeExit); OTEL_SERVICE_NAME names the service', async (t) => {
  const c = await testCollector();
  t.after(() => c.dispose());

  const app = runSupportScript('registered-app', ['exit'], {
    LAPTIME_URL: c.url,
    OTEL_SERVICE_NAME: 'env-named',
  });
  const { code } = await exited(app);

  assert.equal(code, 0);
  const stats = await c.get<ApiStats>('/api/stats/handleRequest');
  assert.equal(stats.count, 1);
  assert.equal(stats.service, 'env-named');
});

test('on SIGTERM the spans are flushed, then the process ends by the signal as it would have', async (t) => {
  const c = await testCollector();
  t.after(() => c.dispose());

  const app = runSupportScript('registered-app', ['sigterm'], { LAPTIME_URL: c.url });
  const { signal } = await exited(app);

  assert.equal(signal, 'SIGTERM');
  const stats = await c.get<ApiStats>('/api/stats/handleRequest');
  assert.equal(stats.count, 1);
});

test(
  'as PID 1 (in a container), SIGTERM flushes the spans and the process exits with 143',
  { timeout: 30_000 },
  async (t) => {
    const c = await testCollector();
    t.after(() => c.dispose());

    const app = runSupportScript('registered-app', ['sigterm'], { LAPTIME_URL: c.url }, { asPid1: true });
    t.after(() => app.kill('SIGKILL'));
    const { code } = await exited(app);

    assert.equal(code, 143, 'a re-raised SIGTERM is ignored by PID 1, so the hook exits itself');
    const stats = await c.get<ApiStats>('/api/stats/handleRequest');
    assert.equal(stats.count, 1);
  },
);
