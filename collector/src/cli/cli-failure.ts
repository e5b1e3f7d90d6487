/** A verb that could not do what was asked (exit 1); its message is the one line the user sees. */
export class CliFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliFailure';
  }
}

/**
 * Bad usage found after parsing, such as a malformed LAPTIME_URL (exit 2); its message names the
 * setting and the value.
 */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}
