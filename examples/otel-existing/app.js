// An app that already traces with OpenTelemetry: a NodeTracerProvider with its own processors.
// Sending its spans to Laptime as well takes two lines, marked "Laptime 1/2" and "Laptime 2/2".
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ConsoleSpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { LaptimeSpanExporter } from '@laptime/exporter'; // Laptime 1/2

const { values } = parseArgs({ options: { orders: { type: 'string', default: '50' } } });
const orders = Number(values.orders);
const url = process.env.LAPTIME_URL ?? 'http://127.0.0.1:4318';

const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'orders' }),
  spanProcessors: [
    // The exporter the app already had. The console stands in for it here, and only prints when
    // asked to (CONSOLE_SPANS=1), so that the example's own output stays readable.
    ...(process.env.CONSOLE_SPANS === '1' ? [new BatchSpanProcessor(new ConsoleSpanExporter())] : []),
    new BatchSpanProcessor(new LaptimeSpanExporter({ url })), // Laptime 2/2
  ],
});
provider.register();

const tracer = trace.getTracer('orders-app', '1.0.0');

/** Runs `work` in a span named `name`, a child of whatever span is active. */
function traced(name, work) {
  return tracer.startActiveSpan(name, async (span) => {
    try {
      return await work(span);
    } catch (err) {
      span.recordException(err);
      span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
      throw err;
    } finally {
      span.end();
    }
  });
}

async function processOrder(id) {
  await traced('processOrder', async (span) => {
    span.setAttribute('order.id', id);
    await traced('validateOrder', () => sleep(1 + Math.random() * 3));
    await traced('reserveStock', () => sleep(5 + Math.random() * 10));
    await traced('chargeCard', async () => {
      await sleep(10 + Math.random() * 30);
      // One order in ten is declined: those spans carry status ERROR in Laptime.
      if (id % 10 === 9) throw new Error(`card declined for order ${id}`);
    });
  });
}

let declined = 0;
for (let id = 0; id < orders; id++) {
  await processOrder(id).catch(() => declined++);
}
// Flushes every processor, so all spans reach Laptime before the process ends.
await provider.shutdown();
console.log(`processed ${orders} orders (${declined} declined); spans sent to ${url}`);
console.log(`look at them: npx laptime stats --url ${url}`);
