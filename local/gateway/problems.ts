/**
 * What the local gateway answers on its own, before or instead of a handler. Refusals that API
 * Gateway makes use the stack's gateway responses (lib/gateway-responses.ts): the same status,
 * headers and problem+json body, byte for byte. The rest are the local runtime's own.
 */
import { PROBLEM_CONTENT_TYPE, type Problem } from '../../lambdas/shared/http/problem';
import { PROBLEM_CATALOGUE, problemType, type ProblemSlug } from '../../lambdas/shared/http/problem-catalogue';
import { GATEWAY_PROBLEMS, gatewayProblemBody, type GatewayResponseType } from '../../lib/gateway-responses';

export interface GatewayResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** A catalogued problem the local runtime answers itself. */
export const problem = (
  slug: Exclude<ProblemSlug, 'client-error'>,
  detail: string,
  headers: Record<string, string> = {},
  errors?: Problem['errors'],
): GatewayResponse => {
  const { status, title } = PROBLEM_CATALOGUE[slug];
  const body: Problem = { type: problemType(slug), title, status, detail, ...(errors ? { errors } : {}) };
  return { statusCode: status, headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...headers }, body: JSON.stringify(body) };
};

/** API Gateway's refusal of `type`, as the stack customises it. */
export const gatewayProblem = (type: GatewayResponseType, extraHeaders: Record<string, string> = {}): GatewayResponse => {
  const declared = GATEWAY_PROBLEMS[type];
  if (declared.status === undefined) throw new Error(`${type} has no fixed status`);
  return {
    statusCode: declared.status,
    headers: {
      'content-type': PROBLEM_CONTENT_TYPE,
      ...extraHeaders,
      ...Object.fromEntries(Object.entries(declared.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value])),
    },
    body: JSON.stringify(gatewayProblemBody(declared)),
  };
};

/**
 * What API Gateway answers when Lambda refuses the invocation (a throttle): 500, which no
 * specific response type covers, so the stack's DEFAULT_5XX body with API Gateway's own status.
 */
export const lambdaThrottledProblem = (extraHeaders: Record<string, string> = {}): GatewayResponse => ({
  statusCode: 500,
  headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...extraHeaders },
  body: JSON.stringify(gatewayProblemBody(GATEWAY_PROBLEMS.DEFAULT_5XX)),
});

/** The local runtime's own answers: no API Gateway counterpart. */
export const localProblems = {
  badPath: () => problem('validation', 'The path is not valid percent-encoding.', {}, [{ path: '/path', message: 'Invalid percent-encoding' }]),
  starting: () => problem('starting', 'The local runtime is still starting.', { 'retry-after': '1' }),
} as const;
