/**
 * Counts the stock OTLP exporter's retries from what it logs through `diag` (it exposes no
 * counters): each scheduled retry, and each export that succeeded only after retrying.
 */
import { DiagLogLevel, diag, type DiagLogger } from '@opentelemetry/api';

const SCHEDULED = /^Scheduling export retry in/;
const SUCCEEDED_AFTER = /^Export succeeded after (\d+) retry attempts/;

/** The counts so far. */
export interface RetryCounts {
  retries: number;
  succeededAfterRetry: number;
}

/** Installs a `diag` logger that counts retries; `uninstall()` removes it. */
export function countStockRetries(): { counts: RetryCounts; uninstall(): void } {
  const counts: RetryCounts = { retries: 0, succeededAfterRetry: 0 };
  const note = (message: string): void => {
    if (SCHEDULED.test(message)) counts.retries++;
    const m = SUCCEEDED_AFTER.exec(message);
    if (m !== null && Number(m[1]) > 0) counts.succeededAfterRetry++;
  };
  const ignore = (): void => {};
  const logger: DiagLogger = { verbose: note, debug: ignore, info: ignore, warn: ignore, error: ignore };
  diag.setLogger(logger, { logLevel: DiagLogLevel.VERBOSE, suppressOverrideMessage: true });
  return { counts, uninstall: () => diag.disable() };
}
