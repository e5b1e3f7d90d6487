/**
 * One environment variable, trimmed; empty counts as unset (as the OpenTelemetry SDKs treat it).
 * `env` is a parameter so that tests pass their own.
 */
export function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
}
