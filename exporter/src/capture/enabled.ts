/** Values of `LAPTIME_ENABLED` that turn capture() into a pass-through. */
const OFF = new Set(['false', '0']);

let enabled: boolean | undefined;

/**
 * Whether capture() traces. Read from `LAPTIME_ENABLED` once, at the first capture(), so a
 * variable set by the app's start-up code (dotenv, ...) before then still counts.
 */
export function captureEnabled(): boolean {
  enabled ??= isEnabled(process.env);
  return enabled;
}

/** `LAPTIME_ENABLED` is `false` or `0` (any case, surrounding spaces ignored): off; else on. */
export function isEnabled(env: NodeJS.ProcessEnv): boolean {
  const v = env['LAPTIME_ENABLED']?.trim().toLowerCase();
  return v === undefined || !OFF.has(v);
}
