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
import type { Problem } from '../lambdas/shared/http/problem';
import { PROBLEM_CATALOGUE, problemType, type ProblemSlug } from '../lambdas/shared/http/problem-catalogue';

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

/** A gateway response as declared below: its problem type (status and title from the catalogue), detail and headers. */
interface GatewayProblemDeclaration {
  /** `type` is `/problems/<slug>`, from the problem catalogue. */
  readonly slug: ProblemSlug;
  readonly detail: string;
  /** Extra headers, e.g. `Retry-After` on 429 and `WWW-Authenticate` on 401. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Keeps API Gateway's own status (a DEFAULT_* fallback, covering response types not listed here). */
  readonly keepsGatewayStatus?: true;
}

export interface GatewayProblem extends GatewayProblemDeclaration {
  /**
   * The status sent. `undefined` keeps API Gateway's own status (only for the DEFAULT_* fallbacks;
   * their body then carries no `status`).
   */
  readonly status: number | undefined;
  readonly title: string;
}

const DECLARED: Readonly<Record<GatewayResponseType, GatewayProblemDeclaration>> = {
  UNAUTHORIZED: {
    slug: 'unauthorized',
    detail: 'Send a valid, unexpired id token: Authorization: Bearer <token>.',
    headers: { 'WWW-Authenticate': 'Bearer' },
  },
  ACCESS_DENIED: { slug: 'forbidden', detail: 'The authorizer denied this request.' },
  EXPIRED_TOKEN: {
    slug: 'unauthorized', detail: 'The token has expired: sign in again.',
    headers: { 'WWW-Authenticate': 'Bearer' },
  },
  INVALID_SIGNATURE: { slug: 'forbidden', detail: 'The request signature is not valid.' },
  // A REST API answers 403 "Missing Authentication Token" for a path or method it does not have;
  // to a client that is a route that does not exist.
  MISSING_AUTHENTICATION_TOKEN: { slug: 'no-route', detail: 'No route matches this method and path.' },
  INVALID_API_KEY: {
    slug: 'invalid-api-key',
    detail: "Send your client app's API key in the x-api-key header.",
  },
  RESOURCE_NOT_FOUND: { slug: 'no-route', detail: 'No route matches this method and path.' },
  BAD_REQUEST_BODY: {
    slug: 'validation',
    detail: "The body does not match the route's schema (see GET /v1/openapi.json).",
  },
  BAD_REQUEST_PARAMETERS: {
    slug: 'validation', detail: 'A required request parameter is missing.',
  },
  REQUEST_TOO_LARGE: { slug: 'payload-too-large', detail: 'The request body is over the 10 MB gateway limit.' },
  UNSUPPORTED_MEDIA_TYPE: {
    slug: 'unsupported-media-type', detail: 'Send the body as Content-Type: application/json.',
  },
  THROTTLED: {
    slug: 'throttled', detail: 'The request rate limit was exceeded: retry after a pause.',
    headers: { 'Retry-After': '1' },
  },
  QUOTA_EXCEEDED: {
    slug: 'quota-exceeded', detail: "The client app's daily request quota is used up.",
    // API Gateway's quota period restarts at midnight UTC; an hour is an honest hint, not a promise.
    headers: { 'Retry-After': '3600' },
  },
  WAF_FILTERED: {
    slug: 'request-blocked',
    detail: 'The web application firewall blocked this request: it looked like an attack (e.g. SQL injection or a known exploit).',
  },
  INTEGRATION_FAILURE: { slug: 'bad-gateway', detail: 'The function failed or returned a malformed response.' },
  INTEGRATION_TIMEOUT: { slug: 'gateway-timeout', detail: 'The function did not answer in time.' },
  API_CONFIGURATION_ERROR: { slug: 'internal', detail: 'The gateway could not process the request.' },
  AUTHORIZER_CONFIGURATION_ERROR: { slug: 'internal', detail: 'The gateway could not process the request.' },
  AUTHORIZER_FAILURE: { slug: 'internal', detail: 'The gateway could not process the request.' },
  DEFAULT_4XX: { slug: 'client-error', keepsGatewayStatus: true, detail: 'The gateway refused the request.' },
  DEFAULT_5XX: { slug: 'internal', keepsGatewayStatus: true, detail: 'The gateway could not process the request.' },
};

export const GATEWAY_PROBLEMS: Readonly<Record<GatewayResponseType, GatewayProblem>> = Object.fromEntries(
  Object.entries(DECLARED).map(([type, declared]) => {
    const { status, title } = PROBLEM_CATALOGUE[declared.slug];
    return [type, { ...declared, status: declared.keepsGatewayStatus ? undefined : status, title }];
  }),
) as Record<GatewayResponseType, GatewayProblem>;

/** The problem body of a gateway response, as both sides send it. */
export const gatewayProblemBody = (problem: GatewayProblem): Omit<Problem, 'status'> & { status?: number } => ({
  type: problemType(problem.slug),
  title: problem.title,
  ...(problem.status === undefined ? {} : { status: problem.status }),
  detail: problem.detail,
});
