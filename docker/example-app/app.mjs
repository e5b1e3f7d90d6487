// The example app of docker/compose.yaml: a pretend checkout service that times its own functions
// with capture() and sends the spans to the collector at LAPTIME_URL (OTLP/HTTP protobuf).
import console from 'node:console';
import process from 'node:process';
import { clearInterval, setInterval } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { capture, register } from '@laptime/exporter';

/** Checkouts started per second. */
const CHECKOUTS_PER_SECOND = 20;
/** Share of payments that fail, so the error counts have something to show. */
const PAYMENT_FAILURE_RATE = 0.02;

/** A latency with a long tail, as real calls have: mostly near `typicalMs`, sometimes far above. */
const latency = (typicalMs) => typicalMs * (0.5 + Math.random()) * (Math.random() < 0.01 ? 10 : 1);

const loadCart = capture(async function loadCart() {
  await sleep(latency(4));
});
const priceCart = capture(async function priceCart() {
  await sleep(latency(2));
});
const chargeCard = capture(async function chargeCard() {
  await sleep(latency(15));
  if (Math.random() < PAYMENT_FAILURE_RATE) throw new Error('card declined');
});
const checkout = capture('checkout', async () => {
  await loadCart();
  await priceCart();
  await chargeCard();
});

const { shutdown } = register();
const timer = setInterval(() => {
  checkout().catch(() => {
    // A declined card is part of the show: the span records the error.
  });
}, 1000 / CHECKOUTS_PER_SECOND);
console.error(`example-app: sending spans to ${process.env.LAPTIME_URL}`);

// As PID 1 the process has no default SIGTERM behaviour: stop, flush what is queued, exit.
process.once('SIGTERM', () => {
  clearInterval(timer);
  shutdown().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
