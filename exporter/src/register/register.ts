import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import type { Resource } from '@opentelemetry/resources';
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { LaptimeSpanExporter } from '../laptime-span-exporter.js';
import type { LaptimeSpanExporterOptions } from '../options/exporter-options.js';
import { invalidOption } from '../options/invalid-option.js';
import { installExitHooks } from './exit-hooks.js';
import { isContextManagerRegistered, isTracerProviderRegistered } from './provider-registered.js';

/** Options of {@link register}: the exporter's, plus the service name. */
export interface RegisterOptions extends LaptimeSpanExporterOptions {
  /** `service.name` of the spans. Default: `OTEL_SERVICE_NAME`, else OpenTelemetry's default. */
  serviceName?: string;
}

/** What {@link register} set up. */
export interface Registration {
  /** Flushes, closes the exporter and unregisters what register() registered. Idempotent. */
  shutdown(): Promise<void>;
  /** Resolves once the exporter can take spans (embedded: the store is open); rejects with why not. */
  ready(): Promise<void>;
  /**
   * Resolves once every span ended so far is delivered (remote: the collector answered 200;
   * embedded: durable in the store). The BatchSpanProcessor's own forceFlush only hands spans to
   * the exporter, which in remote mode answers as soon as they are queued.
   */
  forceFlush(): Promise<void>;
}

let warnedExisting = false;

/**
 * Sets up tracing to Laptime in one call, when the app has none: a BasicTracerProvider (resource
 * with the service name), a BatchSpanProcessor and a {@link LaptimeSpanExporter}, registered
 * globally with an AsyncLocalStorage context manager (so captured calls nest). Spans are flushed
 * when the process is about to exit (`beforeExit`) and on SIGTERM.
 *
 * When a tracer provider is already registered it adds nothing, warns once, and returns a
 * registration whose `shutdown` does nothing: add a LaptimeSpanExporter to that setup instead.
 *
 * @throws InvalidArgumentError for a bad option, naming it and its value.
 */
export function register(options: RegisterOptions = {}): Registration {
  const { serviceName, ...exporterOptions } = options;
  if (serviceName !== undefined && (typeof serviceName !== 'string' || serviceName === ''))
    throw invalidOption('serviceName', serviceName, 'a non-empty string');
  if (isTracerProviderRegistered()) {
    warnExistingOnce();
    const nothing = (): Promise<void> => Promise.resolve();
    return { shutdown: nothing, ready: nothing, forceFlush: nothing };
  }
  const exporter = new LaptimeSpanExporter(exporterOptions);
  const provider = new BasicTracerProvider({
    resource: resourceFor(serviceName),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  trace.setGlobalTracerProvider(provider);
  const ownContextManager = !isContextManagerRegistered();
  if (ownContextManager) context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

  let shutting: Promise<void> | null = null;
  const shutdown = (): Promise<void> => {
    shutting ??= (async () => {
      hooks.remove();
      try {
        await provider.shutdown();
      } finally {
        trace.disable();
        if (ownContextManager) context.disable();
      }
    })();
    return shutting;
  };
  const hooks = installExitHooks(shutdown);
  const forceFlush = async (): Promise<void> => {
    await provider.forceFlush();
    await exporter.forceFlush();
  };
  return { shutdown, ready: () => exporter.ready(), forceFlush };
}

/** OpenTelemetry's default resource, then `OTEL_RESOURCE_ATTRIBUTES`/`OTEL_SERVICE_NAME`, then the option. */
function resourceFor(serviceName: string | undefined): Resource {
  const resource = defaultResource().merge(detectResources({ detectors: [envDetector] }));
  return serviceName === undefined
    ? resource
    : resource.merge(resourceFromAttributes({ 'service.name': serviceName }));
}

function warnExistingOnce(): void {
  if (warnedExisting) return;
  warnedExisting = true;
  process.emitWarning(
    'a tracer provider is already registered, so register() added nothing; ' +
      'add new BatchSpanProcessor(new LaptimeSpanExporter()) to it instead',
    { code: 'LAPTIME_PROVIDER_EXISTS' },
  );
}
