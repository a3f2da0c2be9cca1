import type { APIGatewayProxyResult } from 'aws-lambda';
import { DomainError, type DomainErrorKind } from '../errors';

export interface ProblemFieldError {
  /** JSON Pointer (RFC 6901) to the offending value in the request, e.g. `/items/0/quantity`. */
  path: string;
  message: string;
}

/** RFC 9457 problem details: the body of every 4xx and 5xx this API returns. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: ProblemFieldError[];
}

/** Problem type URIs are relative references documented in the README's API reference. */
export const problemType = (slug: string): string => `/problems/${slug}`;

/** An error that already knows its HTTP status: raised by the HTTP layer itself (parsing, auth). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly errors?: ProblemFieldError[],
  ) {
    super(detail);
    this.name = 'HttpError';
  }

  toProblem(): Problem {
    return {
      type: problemType(this.slug),
      title: this.title,
      status: this.status,
      detail: this.detail,
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

const STATUS_OF_KIND: Record<DomainErrorKind, { status: number; slug: string; title: string }> = {
  'not-found': { status: 404, slug: 'not-found', title: 'Not Found' },
  conflict: { status: 409, slug: 'conflict', title: 'Conflict' },
  'precondition-failed': { status: 412, slug: 'precondition-failed', title: 'Precondition Failed' },
  'precondition-required': { status: 428, slug: 'precondition-required', title: 'Precondition Required' },
  unprocessable: { status: 422, slug: 'unprocessable', title: 'Unprocessable Content' },
  forbidden: { status: 403, slug: 'forbidden', title: 'Forbidden' },
  'invalid-input': { status: 400, slug: 'validation', title: 'Bad Request' },
};

/** The one mapper from domain failures to HTTP statuses. */
export const domainErrorToHttp = (error: DomainError): HttpError => {
  const { status, slug, title } = STATUS_OF_KIND[error.kind];
  return new HttpError(status, slug, title, error.message, error.field ? [{ ...error.field }] : undefined);
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const problemResponse = (problem: Problem, headers: Record<string, string> = {}): APIGatewayProxyResult => ({
  statusCode: problem.status,
  headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...headers },
  body: JSON.stringify(problem),
});

/** The body of every 5xx: says nothing about the cause, only where to look (the request id). */
export const internalErrorProblem = (requestId: string): Problem => ({
  type: problemType('internal'),
  title: 'Internal Server Error',
  status: 500,
  detail: `The request could not be completed. Quote request id ${requestId} when reporting this.`,
});
