// Tracing set-up, loaded before the app: `node --import ./tracing.js app.js`.
//
// Auto-instrumentation works by patching `http` and `express` as they are loaded, so it must be in
// place before the app's `import express`. Every module of app.js's import graph is loaded before
// any of their bodies runs, so a plain `import './tracing.js'` at the top of app.js would set this up
// too late; `--import` runs this file, and loads it, before the app's graph.
import { register as registerLoaderHooks } from 'node:module';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { register } from '@laptime/exporter';

// Lets the instrumentations see modules loaded through `import` (ESM), not only `require`.
registerLoaderHooks('@opentelemetry/instrumentation/hook.mjs', import.meta.url);

/** Where the spans go: LAPTIME_URL, default http://127.0.0.1:4318. */
export const laptimeUrl = process.env.LAPTIME_URL ?? 'http://127.0.0.1:4318';

// A tracer provider, a BatchSpanProcessor and a LaptimeSpanExporter, registered globally.
export const tracing = register({ serviceName: 'shop', url: laptimeUrl });

registerInstrumentations({
  instrumentations: [new HttpInstrumentation(), new ExpressInstrumentation()],
});
