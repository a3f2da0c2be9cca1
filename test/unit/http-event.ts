import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { expect } from 'vitest';
import { assertCataloguedProblem } from '../support/catalogued-problems';

interface Claims {
  sub?: string;
  'cognito:groups'?: string | string[];
}

export interface HttpEventOptions {
  method: string;
  /** The concrete path, e.g. `/v1/users/u-1`. */
  path: string;
  /** The route's template, e.g. `/v1/users/{id}`; defaults to `path`. */
  resource?: string;
  /** A string is sent as is (malformed JSON, oversized bodies); anything else is JSON-encoded. */
  body?: unknown;
  /** Merged over `Content-Type: application/json`; a value of `undefined` removes a header. */
  headers?: Record<string, string | undefined>;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  /** The authorizer's claims; `null` for a request that reached the handler without any. */
  claims?: Claims | null;
  requestId?: string;
}

/** A REST API (v1) proxy event as API Gateway delivers it behind a Cognito authorizer. */
export const httpEvent = (options: HttpEventOptions): APIGatewayProxyEvent => {
  const headers = Object.fromEntries(
    Object.entries({ 'Content-Type': 'application/json', ...options.headers }).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
  const body = options.body === undefined ? null : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const claims = options.claims === undefined ? { sub: 'user-1' } : options.claims;
  return {
    httpMethod: options.method,
    path: options.path,
    resource: options.resource ?? options.path,
    headers,
    multiValueHeaders: {},
    body,
    isBase64Encoded: false,
    pathParameters: options.pathParameters ?? null,
    queryStringParameters: options.query ?? null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext: {
      requestId: options.requestId ?? 'request-1',
      ...(claims === null ? {} : { authorizer: { claims } }),
    },
  } as unknown as APIGatewayProxyEvent;
};

/** Enough of a Lambda context for handlers and Powertools to run. */
export const lambdaContext = {
  functionName: 'test-function',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:test-function',
  memoryLimitInMB: '256',
  awsRequestId: 'aws-request-1',
  logGroupName: '/aws/lambda/test-function',
  logStreamName: 'stream',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} as Context;

/** Header lookup as a client does it: case-insensitive. */
export const responseHeader = (result: APIGatewayProxyResult, name: string): string | undefined => {
  const wanted = name.toLowerCase();
  const entry = Object.entries(result.headers ?? {}).find(([key]) => key.toLowerCase() === wanted);
  return entry === undefined ? undefined : String(entry[1]);
};

/**
 * Asserts a problem+json response (RFC 9457) with the given status and returns its body, so a
 * test can go on to assert its `type` or `errors`.
 */
export const expectProblem = (result: APIGatewayProxyResult, status: number): Record<string, unknown> => {
  expect(result.statusCode).toBe(status);
  expect(responseHeader(result, 'content-type')).toBe('application/problem+json');
  const body = JSON.parse(result.body) as Record<string, unknown>;
  expect(body).toEqual(
    expect.objectContaining({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) }),
  );
  assertCataloguedProblem(body, 'The handler');
  return body;
};

/** One row of a table of refused requests: what to change in a valid request, and the problem expected. */
export interface BadInput {
  name: string;
  request: Partial<HttpEventOptions>;
  status: number;
  /** The problem's `type`. */
  type: string;
  /** The JSON Pointers the problem's `errors` must name. */
  errors?: string[];
}
