import { ProxyTracerProvider, ROOT_CONTEXT, context, createContextKey, trace } from '@opentelemetry/api';

/** What an unregistered API proxy delegates to (the API's no-op provider, not exported by name). */
const NOOP_DELEGATE = new ProxyTracerProvider().getDelegate();
const PROBE_KEY = createContextKey('laptime.context-manager-probe');

/** Whether the app (or a library) already set a global tracer provider. */
export function isTracerProviderRegistered(): boolean {
  const provider = trace.getTracerProvider();
  // A provider of another copy of the API counts as registered: leave it alone.
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegate() !== NOOP_DELEGATE;
}

/** Whether a working context manager is set (the API's default one keeps no context at all). */
export function isContextManagerRegistered(): boolean {
  const probe = ROOT_CONTEXT.setValue(PROBE_KEY, true);
  return context.with(probe, () => context.active() === probe);
}
