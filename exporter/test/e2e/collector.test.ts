import { test } from 'node:test';
import assert from 'node:assert/strict';
import { register } from '../../src/register/register.js';
import { VERSION } from '../../src/version.js';
import { CheckoutError, FAILURES, NAPS, NAP_MS, runWorkload } from '../support/sample-workload.js';
import { testCollector, type ApiSpan, type ApiStats } from '../support/test-collector.js';

test('captured functions reach the collector: counts, durations, errors, exception events, nesting', async (t) => {
  const c = await testCollector();
  t.after(() => c.dispose());
  const registration = register({ serviceName: 'checkout', url: c.url });

  const { rethrown } = await runWorkload();
  await registration.shutdown();

  assert.equal(rethrown.length, FAILURES);
  assert.ok(rethrown.every((e) => e instanceof CheckoutError));

  const nap = await c.get<ApiStats>('/api/stats/nap?service=checkout');
  assert.equal(nap.count, NAPS);
  assert.equal(nap.errors, 0);
  assert.ok(nap.mean >= NAP_MS - 5 && nap.mean <= NAP_MS + 30, `mean of 50 ms naps: ${nap.mean} ms`);

  const failing = await c.get<ApiStats>('/api/stats/failing?service=checkout');
  assert.equal(failing.count, FAILURES);
  assert.equal(failing.errors, FAILURES);

  const failed = (await c.get<{ spans: ApiSpan[] }>('/api/spans?name=failing')).spans[0]!;
  assert.equal(failed.status.code, 'error');
  assert.equal(failed.status.message, 'card 0 declined');
  assert.equal(failed.events[0]!.name, 'exception');
  assert.equal(failed.events[0]!.attributes['exception.message'], 'card 0 declined');
  assert.deepEqual(
    { name: failed.scope.name, version: failed.scope.version },
    { name: 'laptime', version: VERSION },
  );

  const [outer] = (await c.get<{ spans: ApiSpan[] }>('/api/spans?name=outer')).spans;
  const inner = (await c.get<{ spans: ApiSpan[] }>('/api/spans?name=inner')).spans;
  assert.equal(outer!.parentSpanId, null);
  assert.equal(inner.length, 2);
  for (const span of inner) {
    assert.equal(span.parentSpanId, outer!.spanId);
    assert.equal(span.traceId, outer!.traceId);
  }
});
