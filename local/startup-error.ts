/**
 * A failure the developer can fix (Java missing, port taken, data directory locked). It is
 * printed as its message alone, never as a stack trace, and the process exits non-zero.
 */
export class StartupError extends Error {
  constructor(
    message: string,
    /** What to do about it, printed on its own line. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'StartupError';
  }
}
