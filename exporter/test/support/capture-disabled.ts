/**
 * Child process for the LAPTIME_ENABLED test: captures functions and a method with a tracer
 * provider registered, and prints what it observed as JSON.
 */
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { capture } from '../../src/capture/capture.js';
import { registerTestTracing } from './tracing.js';

const memory = new InMemorySpanExporter();
const tracing = registerTestTracing(memory);

function work(a: number): number {
  return a * 2;
}
const method = function find(this: { k: number }) {
  return this.k;
};

class Repo {
  k = 3;
  @capture()
  find(): number {
    return this.k;
  }
}

const result = {
  sameFunction: capture(work) === work,
  sameNamed: capture('named', work) === work,
  sameFromOptions: capture({ name: 'x' })(work) === work,
  sameMethod: capture()(method) === method,
  results: [capture(work)(2), new Repo().find()],
  spans: 0,
};
await tracing.provider.forceFlush();
result.spans = memory.getFinishedSpans().length;
await tracing.dispose();
process.stdout.write(`${JSON.stringify(result)}\n`);
