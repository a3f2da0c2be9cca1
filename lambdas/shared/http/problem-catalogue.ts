/**
 * Every problem type the API can answer with, declared once: its status, its title, when it is
 * sent and by whom. Handlers (lambdas/shared/http/problem.ts), the gateway responses
 * (lib/gateway-responses.ts, deployed and sent by the local gateway), the local runtime's own
 * answers, the README's error table and the OpenAPI document all take their types from here, and
 * `type` in the OpenAPI Problem schema is this list: adding a problem type is one entry below.
 */

/** Who sends a problem type: a route's function, the gateway before any function runs, or only the local runtime. */
type ProblemSender = 'function' | 'gateway' | 'local runtime';

export interface ProblemTypeEntry {
  /** The HTTP status; `undefined` only where the gateway keeps a status of its own choosing. */
  readonly status: number | undefined;
  readonly title: string;
  /** When a client gets it, in a few words: the README's and the OpenAPI document's description. */
  readonly when: string;
  readonly sentBy: readonly ProblemSender[];
}

export const PROBLEM_CATALOGUE = {
  'malformed-json': { status: 400, title: 'Bad Request', when: 'the body is not JSON, or not UTF-8', sentBy: ['function'] },
  validation: {
    status: 400, title: 'Bad Request', sentBy: ['function', 'gateway'],
    when: 'wrong types, missing or unknown fields, text with control characters, bad query parameters (with `errors`); from the gateway, a missing required parameter',
  },
  'invalid-idempotency-key': {
    status: 400, title: 'Invalid Idempotency-Key', sentBy: ['function'],
    when: 'an `Idempotency-Key` that is not 1-255 printable ASCII characters, or is sent twice (with `errors`)',
  },
  unauthorized: { status: 401, title: 'Unauthorized', when: 'no valid, unexpired id token, or one whose subject cannot name a user', sentBy: ['function', 'gateway'] },
  forbidden: { status: 403, title: 'Forbidden', when: 'signed in, but not allowed (e.g. a non-admin creating a product)', sentBy: ['function', 'gateway'] },
  'request-blocked': { status: 403, title: 'Forbidden', when: "the web application firewall's managed rules took the request for an attack", sentBy: ['gateway'] },
  'invalid-api-key': { status: 403, title: 'Forbidden', when: "no `x-api-key`, or not a client app's key", sentBy: ['gateway'] },
  'not-found': { status: 404, title: 'Not Found', when: 'no such resource (or not yours)', sentBy: ['function', 'local runtime'] },
  'no-route': { status: 404, title: 'Not Found', when: 'no route has this method and path', sentBy: ['gateway'] },
  'method-not-allowed': { status: 405, title: 'Method Not Allowed', when: 'a `/_local` endpoint called with a method it does not take', sentBy: ['local runtime'] },
  conflict: { status: 409, title: 'Conflict', when: 'already exists, or an invalid state transition', sentBy: ['function'] },
  'idempotency-key-in-flight': {
    status: 409, title: 'A request is outstanding for this Idempotency-Key', when: 'a retry while the first request with its `Idempotency-Key` is still in flight', sentBy: ['function'],
  },
  'precondition-failed': { status: 412, title: 'Precondition Failed', when: 'stale `If-Match`', sentBy: ['function'] },
  'payload-too-large': { status: 413, title: 'Content Too Large', when: "a body over 64 KB (over 10 MB, the gateway's limit)", sentBy: ['function', 'gateway'] },
  'unsupported-media-type': {
    status: 415, title: 'Unsupported Media Type', when: 'a body not sent as `application/json`, or in a charset other than UTF-8', sentBy: ['function', 'gateway'],
  },
  unprocessable: { status: 422, title: 'Unprocessable Content', when: 'an order naming a product that does not exist', sentBy: ['function'] },
  'idempotency-key-reused': { status: 422, title: 'Idempotency-Key is already used', when: 'an `Idempotency-Key` reused with another body', sentBy: ['function'] },
  'precondition-required': { status: 428, title: 'Precondition Required', when: '`If-Match` missing', sentBy: ['function'] },
  throttled: {
    status: 429, title: 'Too Many Requests', when: "over the stage's, the route's or the client app's rate; `Retry-After` says when to retry", sentBy: ['gateway'],
  },
  'rate-limited': {
    status: 429, title: 'Too Many Requests', when: 'too many requests from one IP address (the firewall); `Retry-After` says when to retry', sentBy: ['gateway'],
  },
  'quota-exceeded': { status: 429, title: 'Too Many Requests', when: "the client app's daily quota is used up", sentBy: ['gateway'] },
  'client-error': { status: undefined, title: 'Client Error', when: 'any other refusal by the gateway (its own 4xx status, no `status` in the body)', sentBy: ['gateway'] },
  internal: { status: 500, title: 'Internal Server Error', when: 'an unexpected failure; never says more than the request id to quote', sentBy: ['function', 'gateway'] },
  'bad-gateway': { status: 502, title: 'Bad Gateway', when: 'the function failed or returned a malformed response', sentBy: ['gateway'] },
  starting: { status: 503, title: 'Service Unavailable', when: 'the local runtime is still starting; `Retry-After` says when to retry', sentBy: ['local runtime'] },
  'gateway-timeout': { status: 504, title: 'Gateway Timeout', when: 'the function did not answer in time', sentBy: ['gateway'] },
} as const satisfies Record<string, ProblemTypeEntry>;

/** The slug of a catalogued problem type: `type` is `/problems/<slug>`. */
export type ProblemSlug = keyof typeof PROBLEM_CATALOGUE;

/** Problem type URIs are relative references, documented in the README's error table. */
export const problemType = (slug: ProblemSlug): string => `/problems/${slug}`;

/** Every catalogued `type`, as responses carry it. */
export const CATALOGUED_PROBLEM_TYPES: readonly string[] = (Object.keys(PROBLEM_CATALOGUE) as ProblemSlug[]).map(problemType);
