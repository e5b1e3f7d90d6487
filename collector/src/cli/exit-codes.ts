/** Exit codes of the `laptime` CLI (API.md). */
export const ExitCode = {
  Ok: 0,
  /** The thing asked for failed: not found, check failed, unreachable, cannot start. */
  Failed: 1,
  /** Bad usage: unknown verb or option, missing argument. */
  Usage: 2,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
