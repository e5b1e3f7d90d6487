import { after, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { capture } from '../../src/capture/capture.js';
import { VERSION } from '../../src/version.js';
import { registerTestTracing, sleep } from '../support/tracing.js';

const memory = new InMemorySpanExporter();
const tracing = registerTestTracing(memory);
after(() => tracing.dispose());
beforeEach(() => memory.reset());

const finished = () => memory.getFinishedSpans();

test('a sync call is one span named after the function, with the laptime scope', () => {
  const add = capture(function add(a: number, b: number) {
    return a + b;
  });

  const sum = add(2, 3);

  assert.equal(sum, 5);
  assert.equal(finished().length, 1);
  const span = finished()[0]!;
  assert.equal(span.name, 'add');
  assert.equal(span.status.code, SpanStatusCode.UNSET);
  assert.deepEqual(span.instrumentationScope, { name: 'laptime', version: VERSION, schemaUrl: undefined });
});

test('name, length, this and the arguments are kept', () => {
  function plus(this: { base: number }, a: number, b: number, c: number) {
    return this.base + a + b + c;
  }
  const wrapped = capture(plus);
  const obj = { base: 100, plus: wrapped };

  assert.equal(wrapped.name, 'plus');
  assert.equal(wrapped.length, 3);
  assert.equal(obj.plus(1, 2, 3), 106);
});

test('the very object returned is returned, promises included', async () => {
  const value = { a: 1 };
  const promise = Promise.resolve(value);

  assert.equal(capture(() => value)(), value);
  assert.equal(capture(() => promise)(), promise);
  assert.equal(
    await capture(async () => {
      await sleep(1);
      return value;
    })(),
    value,
  );
});

test('a throw records the exception, sets status ERROR and rethrows the same error', () => {
  const boom = new RangeError('out of range');
  const fail = capture(function fail() {
    throw boom;
  });

  assert.throws(
    () => fail(),
    (err) => err === boom,
  );

  const span = finished()[0]!;
  assert.equal(span.status.code, SpanStatusCode.ERROR);
  assert.equal(span.status.message, 'out of range');
  const event = span.events.find((e) => e.name === 'exception')!;
  assert.equal(event.attributes!['exception.type'], 'RangeError');
  assert.equal(event.attributes!['exception.message'], 'out of range');
});

test('an async function: the span lasts until the promise settles; a rejection is recorded and passed on', async () => {
  const boom = new Error('later');
  const slow = capture(async function slow(ms: number) {
    await sleep(ms);
    return 'done';
  });
  const rejecting = capture(async function rejecting() {
    await sleep(5);
    throw boom;
  });

  assert.equal(await slow(30), 'done');
  await assert.rejects(rejecting(), (err) => err === boom);

  const [ok, failed] = finished();
  const ms = (s: typeof ok) => s!.duration[0] * 1e3 + s!.duration[1] / 1e6;
  assert.ok(ms(ok) >= 29, `span of a 30 ms call lasted ${ms(ok)} ms`);
  assert.equal(failed!.status.code, SpanStatusCode.ERROR);
  assert.equal(failed!.events[0]!.name, 'exception');
});

test('a thenable that is not a promise is subscribed to once and its outcome passed on', async () => {
  let subscriptions = 0;
  const query = {
    then(resolve: (v: string) => void) {
      subscriptions++;
      setTimeout(() => resolve('rows'), 5);
    },
  };

  const result = await capture(function runQuery() {
    return query;
  })();

  assert.equal(result, 'rows');
  assert.equal(subscriptions, 1);
  assert.equal(finished().length, 1);
});

test('a captured call inside another is its child, also across awaits', async () => {
  const inner = capture(async function inner() {
    await sleep(1);
  });
  const outer = capture(async function outer() {
    await sleep(1);
    await inner();
    await inner();
  });

  await outer();

  const byName = (n: string) => finished().filter((s) => s.name === n);
  const [parent] = byName('outer');
  assert.equal(parent!.parentSpanContext, undefined);
  for (const child of byName('inner')) {
    assert.equal(child.parentSpanContext?.spanId, parent!.spanContext().spanId);
    assert.equal(child.spanContext().traceId, parent!.spanContext().traceId);
  }
});

test('the span is active inside the function', () => {
  let active: string | undefined;
  const f = capture(function f() {
    active = trace.getActiveSpan()?.spanContext().spanId;
  });

  f();

  assert.equal(active, finished()[0]!.spanContext().spanId);
});

test("capture('name', fn) and capture({ name, attributes, kind })(fn) set the span's name and attributes", () => {
  capture('pricing.compute', () => 1)();
  capture({ name: 'db.query', attributes: { 'db.system': 'postgres' }, kind: SpanKind.CLIENT })(() => 2)();

  const [a, b] = finished();
  assert.equal(a!.name, 'pricing.compute');
  assert.equal(b!.name, 'db.query');
  assert.equal(b!.attributes['db.system'], 'postgres');
  assert.equal(b!.kind, SpanKind.CLIENT);
});

test('an anonymous function gets a placeholder name', () => {
  capture(
    (
      () => () =>
        1
    )(), // an arrow function with no inferred name
  )();

  assert.equal(finished()[0]!.name, 'anonymous');
});

test('bad arguments are refused when capturing, not when calling', () => {
  assert.throws(() => capture('name', 42 as unknown as () => void), { code: 'LT_INVALID_ARGUMENT' });
  assert.throws(() => capture(42 as unknown as string), { code: 'LT_INVALID_ARGUMENT' });
  assert.throws(() => capture({ name: '' }), { code: 'LT_INVALID_ARGUMENT', message: /name/ });
  assert.throws(() => capture()(null as unknown as () => void), { code: 'LT_INVALID_ARGUMENT' });
});
