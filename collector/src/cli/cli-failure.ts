/** A verb that could not do what was asked (exit 1); its message is the one line the user sees. */
export class CliFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliFailure';
  }
}
