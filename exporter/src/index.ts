/**
 * @laptime/exporter: send OpenTelemetry spans to Laptime. {@link LaptimeSpanExporter} for an
 * existing OpenTelemetry setup (remote or embedded), {@link capture} to time functions, and
 * {@link register} to set up tracing in one call.
 */
export { LaptimeSpanExporter } from './laptime-span-exporter.js';
export type { ExporterStats } from './exporter-stats.js';
export type { LaptimeSpanExporterOptions } from './options/exporter-options.js';
export { DEFAULT_MAX_QUEUE_SPANS, DEFAULT_TIMEOUT_MILLIS } from './options/exporter-options.js';
export { capture, ANONYMOUS_SPAN_NAME } from './capture/capture.js';
export type { CaptureOptions, Capturer } from './capture/capture.js';
export { register } from './register/register.js';
export type { RegisterOptions, Registration } from './register/register.js';
