/**
 * What the gateway itself answers when it refuses a request before any function runs: API
 * Gateway's response types, each as a problem+json body with a fixed status, title and detail.
 * The stack turns each entry into a gateway response (lib/constructs/api.ts) and the local gateway
 * (local/gateway/problems.ts) answers with exactly the same bodies, so a client sees one error
 * format whether a handler or the gateway refused it, in the cloud or locally.
 *
 * Details are fixed sentences rather than `$context.error.message`: a gateway response template is
 * simple substitution without escaping, and a fixed text is byte-for-byte the same on both sides.
 */
import { problemType, type Problem } from '../lambdas/shared/http/problem';

/** The REST API gateway response types this API customises (AWS::ApiGateway::GatewayResponse ResponseType). */
export type GatewayResponseType =
  | 'UNAUTHORIZED'
  | 'ACCESS_DENIED'
  | 'EXPIRED_TOKEN'
  | 'INVALID_SIGNATURE'
  | 'MISSING_AUTHENTICATION_TOKEN'
  | 'INVALID_API_KEY'
  | 'RESOURCE_NOT_FOUND'
  | 'BAD_REQUEST_BODY'
  | 'BAD_REQUEST_PARAMETERS'
  | 'REQUEST_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'THROTTLED'
  | 'QUOTA_EXCEEDED'
  | 'WAF_FILTERED'
  | 'INTEGRATION_FAILURE'
  | 'INTEGRATION_TIMEOUT'
  | 'API_CONFIGURATION_ERROR'
  | 'AUTHORIZER_CONFIGURATION_ERROR'
  | 'AUTHORIZER_FAILURE'
  | 'DEFAULT_4XX'
  | 'DEFAULT_5XX';

export interface GatewayProblem {
  /**
   * The status sent. `undefined` keeps API Gateway's own status (only for the DEFAULT_* fallbacks,
   * which cover response types not listed here; their body then carries no `status`).
   */
  readonly status: number | undefined;
  /** `type` is `/problems/<slug>`, documented in the README like the handlers' problem types. */
  readonly slug: string;
  readonly title: string;
  readonly detail: string;
  /** Extra headers, e.g. `Retry-After` on 429 and `WWW-Authenticate` on 401. */
  readonly headers?: Readonly<Record<string, string>>;
}

export const GATEWAY_PROBLEMS: Readonly<Record<GatewayResponseType, GatewayProblem>> = {
  UNAUTHORIZED: {
    status: 401, slug: 'unauthorized', title: 'Unauthorized',
    detail: 'Send a valid, unexpired id token: Authorization: Bearer <token>.',
    headers: { 'WWW-Authenticate': 'Bearer' },
  },
  ACCESS_DENIED: { status: 403, slug: 'forbidden', title: 'Forbidden', detail: 'The authorizer denied this request.' },
  EXPIRED_TOKEN: {
    status: 401, slug: 'unauthorized', title: 'Unauthorized', detail: 'The token has expired: sign in again.',
    headers: { 'WWW-Authenticate': 'Bearer' },
  },
  INVALID_SIGNATURE: { status: 403, slug: 'forbidden', title: 'Forbidden', detail: 'The request signature is not valid.' },
  // A REST API answers 403 "Missing Authentication Token" for a path or method it does not have;
  // to a client that is a route that does not exist.
  MISSING_AUTHENTICATION_TOKEN: { status: 404, slug: 'no-route', title: 'Not Found', detail: 'No route matches this method and path.' },
  INVALID_API_KEY: {
    status: 403, slug: 'invalid-api-key', title: 'Forbidden',
    detail: "Send your client app's API key in the x-api-key header.",
  },
  RESOURCE_NOT_FOUND: { status: 404, slug: 'no-route', title: 'Not Found', detail: 'No route matches this method and path.' },
  BAD_REQUEST_BODY: {
    status: 400, slug: 'validation', title: 'Bad Request',
    detail: "The body does not match the route's schema (see GET /v1/openapi.json).",
  },
  BAD_REQUEST_PARAMETERS: {
    status: 400, slug: 'validation', title: 'Bad Request', detail: 'A required request parameter is missing.',
  },
  REQUEST_TOO_LARGE: { status: 413, slug: 'payload-too-large', title: 'Content Too Large', detail: 'The request body is over the 10 MB gateway limit.' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415, slug: 'unsupported-media-type', title: 'Unsupported Media Type', detail: 'Send the body as Content-Type: application/json.',
  },
  THROTTLED: {
    status: 429, slug: 'throttled', title: 'Too Many Requests', detail: 'The request rate limit was exceeded: retry after a pause.',
    headers: { 'Retry-After': '1' },
  },
  QUOTA_EXCEEDED: {
    status: 429, slug: 'quota-exceeded', title: 'Too Many Requests', detail: "The client app's daily request quota is used up.",
    // API Gateway's quota period restarts at midnight UTC; an hour is an honest hint, not a promise.
    headers: { 'Retry-After': '3600' },
  },
  WAF_FILTERED: {
    status: 403, slug: 'request-blocked', title: 'Forbidden',
    detail: 'The web application firewall blocked this request: it looked like an attack (e.g. SQL injection or a known exploit).',
  },
  INTEGRATION_FAILURE: { status: 502, slug: 'bad-gateway', title: 'Bad Gateway', detail: 'The function failed or returned a malformed response.' },
  INTEGRATION_TIMEOUT: { status: 504, slug: 'gateway-timeout', title: 'Gateway Timeout', detail: 'The function did not answer in time.' },
  API_CONFIGURATION_ERROR: { status: 500, slug: 'internal', title: 'Internal Server Error', detail: 'The gateway could not process the request.' },
  AUTHORIZER_CONFIGURATION_ERROR: { status: 500, slug: 'internal', title: 'Internal Server Error', detail: 'The gateway could not process the request.' },
  AUTHORIZER_FAILURE: { status: 500, slug: 'internal', title: 'Internal Server Error', detail: 'The gateway could not process the request.' },
  DEFAULT_4XX: { status: undefined, slug: 'client-error', title: 'Client Error', detail: 'The gateway refused the request.' },
  DEFAULT_5XX: { status: undefined, slug: 'internal', title: 'Internal Server Error', detail: 'The gateway could not process the request.' },
};

/** The problem body of a gateway response, as both sides send it. */
export const gatewayProblemBody = (problem: GatewayProblem): Omit<Problem, 'status'> & { status?: number } => ({
  type: problemType(problem.slug),
  title: problem.title,
  ...(problem.status === undefined ? {} : { status: problem.status }),
  detail: problem.detail,
});
