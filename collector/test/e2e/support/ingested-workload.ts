/**
 * A running collector that has received the workload from two services through the stock OTLP
 * exporter of one protocol, and the spans the SDK handed to those exporters.
 */
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startTestCollector, type TestCollector } from './test-collector.js';
import { tracingClient, type OtlpProtocol } from './tracing-client.js';
import { emitWorkload } from './workload.js';

/** How far in the past the workload starts: recent, yet wholly before "now". */
const WORKLOAD_AGE_MS = 10 * 60 * 1000;

export const CHECKOUT_RESOURCE = {
  'service.name': 'checkout',
  'host.name': 'web-1',
  'service.instance.index': 2,
  'deployment.canary': true,
};
export const INVENTORY_RESOURCE = { 'service.name': 'inventory', 'host.name': 'stock-1' };

export interface IngestedWorkload {
  collector: TestCollector;
  /** Every span sent, checkout's first. */
  sent: ReadableSpan[];
  /** Unix ms the workload's layout starts at (whole seconds). */
  baseMs: number;
}

export async function ingestWorkload(protocol: OtlpProtocol): Promise<IngestedWorkload> {
  const collector = await startTestCollector();
  const checkout = tracingClient(collector.url, protocol, CHECKOUT_RESOURCE);
  const inventory = tracingClient(collector.url, protocol, INVENTORY_RESOURCE);
  try {
    const baseMs = Math.floor((Date.now() - WORKLOAD_AGE_MS) / 1000) * 1000;
    emitWorkload({ checkout: checkout.tracer, inventory: inventory.tracer }, baseMs);
    const sent = [...(await checkout.flush()), ...(await inventory.flush())];
    return { collector, sent, baseMs };
  } catch (err) {
    await collector.stop();
    throw err;
  } finally {
    await Promise.all([checkout.shutdown(), inventory.shutdown()]);
  }
}
