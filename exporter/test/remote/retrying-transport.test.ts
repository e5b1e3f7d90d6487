import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExporterTransport, SendOutcome } from '../../src/remote/exporter-transport.js';
import {
  BACKOFF_MULTIPLIER,
  INITIAL_BACKOFF_MILLIS,
  JITTER,
  MAX_BACKOFF_MILLIS,
  RetryingTransport,
  type Clock,
} from '../../src/remote/retrying-transport.js';

const BODY = new Uint8Array([1, 2, 3]);
const OK: SendOutcome = { status: 'success', response: new Uint8Array(0) };
const BUSY: SendOutcome = { status: 'retryable', error: new Error('503') };

/** A transport that answers from a script and records the timeout of each attempt. */
class ScriptedTransport implements ExporterTransport {
  readonly timeouts: number[] = [];
  constructor(private readonly script: SendOutcome[]) {}
  send(_body: Uint8Array, timeoutMillis: number): Promise<SendOutcome> {
    this.timeouts.push(timeoutMillis);
    return Promise.resolve(this.script.shift() ?? BUSY);
  }
  shutdown(): void {}
}

/** A clock whose sleep only advances time, recording each wait. */
class FakeClock implements Clock {
  t = 1_000_000;
  readonly waits: number[] = [];
  now(): number {
    return this.t;
  }
  sleep(ms: number): Promise<void> {
    this.waits.push(ms);
    this.t += ms;
    return Promise.resolve();
  }
}

test('retryable outcomes are retried with growing backoff until a success', async () => {
  const inner = new ScriptedTransport([BUSY, BUSY, BUSY, OK]);
  const clock = new FakeClock();
  const noJitter = (): number => 0.5;

  const outcome = await new RetryingTransport(inner, clock, noJitter).send(BODY, 60_000);

  assert.equal(outcome.status, 'success');
  const b = INITIAL_BACKOFF_MILLIS;
  assert.deepEqual(clock.waits, [b, b * BACKOFF_MULTIPLIER, b * BACKOFF_MULTIPLIER ** 2]);
});

test('jitter stays within its fraction and the backoff never exceeds its cap', async () => {
  const inner = new ScriptedTransport(Array<SendOutcome>(12).fill(BUSY).concat(OK));
  const clock = new FakeClock();
  const extremes = [0, 0.999];
  let i = 0;

  await new RetryingTransport(inner, clock, () => extremes[i++ % 2]!).send(BODY, 600_000);

  assert.equal(clock.waits[0], INITIAL_BACKOFF_MILLIS * (1 - JITTER));
  assert.ok(Math.abs(clock.waits[1]! - INITIAL_BACKOFF_MILLIS * BACKOFF_MULTIPLIER * (1 + JITTER)) < 1);
  assert.ok(clock.waits.every((w) => w <= MAX_BACKOFF_MILLIS));
  assert.equal(clock.waits.at(-1), MAX_BACKOFF_MILLIS);
});

test("the server's Retry-After replaces the backoff", async () => {
  const inner = new ScriptedTransport([{ ...BUSY, retryAfterMillis: 7000 }, OK]);
  const clock = new FakeClock();

  await new RetryingTransport(inner, clock).send(BODY, 60_000);

  assert.deepEqual(clock.waits, [7000]);
});

test('no wait goes beyond the deadline: the last retryable outcome is returned instead', async () => {
  const inner = new ScriptedTransport([BUSY, { ...BUSY, retryAfterMillis: 30_000 }, OK]);
  const clock = new FakeClock();
  const start = clock.now();

  const outcome = await new RetryingTransport(inner, clock, () => 0.5).send(BODY, 10_000);

  assert.equal(outcome.status, 'retryable');
  assert.equal(inner.timeouts.length, 2);
  assert.ok(clock.now() - start <= 10_000);
  assert.equal(inner.timeouts[1], 10_000 - INITIAL_BACKOFF_MILLIS, 'each attempt gets only the time left');
});

test('a failure is not retried', async () => {
  const inner = new ScriptedTransport([{ status: 'failure', error: new Error('400') }, OK]);
  const clock = new FakeClock();

  const outcome = await new RetryingTransport(inner, clock).send(BODY, 60_000);

  assert.equal(outcome.status, 'failure');
  assert.deepEqual(clock.waits, []);
});

test('after shutdown a send in progress stops retrying', async () => {
  const inner = new ScriptedTransport([BUSY, BUSY, OK]);
  const clock = new FakeClock();
  const transport = new RetryingTransport(inner, clock, () => 0.5);
  clock.sleep = (ms) => {
    transport.shutdown();
    return FakeClock.prototype.sleep.call(clock, ms);
  };

  const outcome = await transport.send(BODY, 60_000);

  assert.equal(outcome.status, 'retryable');
  assert.equal(inner.timeouts.length, 1);
});
