/**
 * @laptime/collector: the Laptime collector. OTLP/HTTP ingest into the Laptime store, the REST API,
 * Prometheus metrics, and the `laptime` CLI.
 */
export { startCollector, SHUTDOWN_GRACE_MS, type CollectorHooks, type RunningCollector } from './server.js';
export { createApp } from './app.js';
export type { CollectorContext } from './context.js';
export {
  DEFAULT_CONFIG,
  SETTINGS,
  completeConfig,
  resolveConfig,
  type CollectorConfig,
  type ConfigLayers,
  type SettingSpec,
} from './config.js';
export {
  CollectorError,
  CollectorErrorCode,
  ConfigError,
  RETRY_AFTER_SECONDS,
  STATUS_OF_CODE,
  toCollectorError,
  type ResponseCode,
} from './errors.js';
