// The shop's own functions, each wrapped in capture(): every call is a span named after the
// function, a child of the request span that is active when a route calls it.
import { setTimeout as sleep } from 'node:timers/promises';
import { capture } from '@laptime/exporter';

/** Thrown when the payment gateway does not answer; the route answers 502. */
export class PaymentGatewayError extends Error {
  code = 'PAYMENT_GATEWAY_TIMEOUT';
}

const CATALOG = Array.from({ length: 500 }, (_, i) => ({ sku: `sku-${i}`, price: 1 + (i % 97) }));

/** A database read: 5 to 15 ms. Resolves with null for an unknown user (`ghost`). */
export const loadCart = capture(async function loadCart(userId) {
  await sleep(5 + Math.random() * 10);
  if (userId === 'ghost') return null;
  const size = 1 + (userId.length % 7);
  return Array.from(
    { length: size },
    (_, i) => CATALOG[(userId.charCodeAt(0) * 31 + i * 17) % CATALOG.length],
  );
});

/** CPU work: taxes and discounts over every line of the cart. */
export const priceItems = capture(function priceItems(items) {
  let total = 0;
  for (const item of items) {
    for (let i = 0; i < 20_000; i++) total += (item.price * 1.2) / 1e6;
  }
  return Math.round(total * 100) / 100;
});

/** A remote call: 20 to 60 ms, and one call in twenty times out after 300 ms. */
export const chargeCard = capture(async function chargeCard(userId, amount) {
  if (Math.random() < 0.05) {
    await sleep(300);
    throw new PaymentGatewayError(`payment gateway timed out charging ${amount} to ${userId}`);
  }
  await sleep(20 + Math.random() * 40);
  return { receipt: `r-${Date.now().toString(36)}` };
});

/** A search index query: usually 10 ms, one query in ten scans and takes 150 to 400 ms. */
export const searchCatalog = capture(async function searchCatalog(query) {
  await sleep(Math.random() < 0.1 ? 150 + Math.random() * 250 : 5 + Math.random() * 10);
  return CATALOG.filter((item) => item.sku.includes(query)).slice(0, 20);
});
