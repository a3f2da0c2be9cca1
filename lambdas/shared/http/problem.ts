import type { APIGatewayProxyResult } from 'aws-lambda';
import { DomainError, type DomainErrorKind } from '../errors';
import { PROBLEM_CATALOGUE, problemType, type ProblemSlug } from './problem-catalogue';

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

/**
 * An error that already knows its problem type, raised by the HTTP layer itself (parsing, auth):
 * its status and title are the catalogue's (problem-catalogue.ts).
 */
export class HttpError extends Error {
  readonly status: number;
  readonly title: string;

  constructor(
    readonly slug: Exclude<ProblemSlug, 'client-error'>,
    readonly detail: string,
    readonly errors?: ProblemFieldError[],
  ) {
    super(detail);
    this.name = 'HttpError';
    this.status = PROBLEM_CATALOGUE[slug].status;
    this.title = PROBLEM_CATALOGUE[slug].title;
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

const SLUG_OF_KIND: Record<DomainErrorKind, Exclude<ProblemSlug, 'client-error'>> = {
  'not-found': 'not-found',
  conflict: 'conflict',
  'precondition-failed': 'precondition-failed',
  'precondition-required': 'precondition-required',
  unprocessable: 'unprocessable',
  forbidden: 'forbidden',
  'invalid-input': 'validation',
};

/** The one mapper from domain failures to HTTP statuses. */
export const domainErrorToHttp = (error: DomainError): HttpError => {
  return new HttpError(SLUG_OF_KIND[error.kind], error.message, error.field ? [{ ...error.field }] : undefined);
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
  title: PROBLEM_CATALOGUE.internal.title,
  status: PROBLEM_CATALOGUE.internal.status,
  detail: `The request could not be completed. Quote request id ${requestId} when reporting this.`,
});
