/**
 * What the local gateway answers on its own, before or instead of a handler: the statuses API
 * Gateway uses, with bodies in this API's problem+json format (the stack's gateway responses).
 */
import { PROBLEM_CONTENT_TYPE, problemType, type Problem } from '../../lambdas/shared/http/problem';

export interface GatewayResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export const problem = (status: number, slug: string, title: string, detail: string, headers: Record<string, string> = {}): GatewayResponse => {
  const body: Problem = { type: problemType(slug), title, status, detail };
  return { statusCode: status, headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...headers }, body: JSON.stringify(body) };
};

export const problems = {
  unauthorized: (detail: string) =>
    problem(401, 'unauthorized', 'Unauthorized', detail, { 'www-authenticate': 'Bearer' }),
  notFound: (path: string) => problem(404, 'not-found', 'Not Found', `No route matches ${path}.`),
  /** What a REST API answers for a method a resource does not have. */
  missingAuthenticationToken: (method: string, path: string) =>
    problem(403, 'missing-authentication-token', 'Missing Authentication Token', `${path} has no ${method} method.`),
  badPath: () => problem(400, 'bad-request', 'Bad Request', 'The path is not valid percent-encoding.'),
  tooLarge: (limitBytes: number) =>
    problem(413, 'payload-too-large', 'Content Too Large', `API Gateway refuses request bodies over ${limitBytes / 1024 / 1024} MB.`),
  throttled: () => problem(429, 'too-many-requests', 'Too Many Requests', 'The stage throttle was exceeded; retry with backoff.', { 'retry-after': '1' }),
  badGateway: (requestId: string) =>
    problem(502, 'bad-gateway', 'Bad Gateway', `The function failed or returned a malformed response. Quote request id ${requestId} when reporting this.`),
  gatewayTimeout: (requestId: string, seconds: number) =>
    problem(504, 'gateway-timeout', 'Gateway Timeout', `The function did not answer within ${seconds} seconds. Request id ${requestId}.`),
  starting: () => problem(503, 'starting', 'Service Unavailable', 'The local runtime is still starting.', { 'retry-after': '1' }),
} as const;
