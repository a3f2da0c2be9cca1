/**
 * Errors raised by domain code. The domain knows nothing of HTTP: it says what kind of failure
 * happened, and the one mapper in http/problem.ts turns the kind into a status.
 */
export type DomainErrorKind =
  | 'not-found'
  | 'conflict'
  | 'precondition-failed'
  | 'precondition-required'
  | 'unprocessable'
  | 'forbidden'
  | 'invalid-input';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    /** For `invalid-input`: which input (a JSON Pointer into the request) and what is wrong with it. */
    readonly field?: { readonly path: string; readonly message: string },
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super('not-found', `${what} was not found.`);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string) {
    super('conflict', message);
  }
}

export class VersionMismatchError extends DomainError {
  constructor() {
    super('precondition-failed', 'The resource has changed since the given ETag; fetch it again and retry.');
  }
}

export class PreconditionRequiredError extends DomainError {
  constructor() {
    super('precondition-required', 'This update requires an If-Match header carrying the ETag of the resource.');
  }
}

export class UnprocessableError extends DomainError {
  constructor(message: string) {
    super('unprocessable', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this.') {
    super('forbidden', message);
  }
}

/** Input that passed its schema but cannot be used, e.g. a cursor this API did not hand out. */
export class InvalidInputError extends DomainError {
  constructor(message: string, field: { readonly path: string; readonly message: string }) {
    super('invalid-input', message, field);
  }
}
