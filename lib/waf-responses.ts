/**
 * What the web ACL (lib/constructs/web-acl.ts) answers when one of its own rules blocks a request:
 * WAF custom responses with a problem+json body, in the shape of the gateway responses
 * (lib/gateway-responses.ts) and the handlers' problems. A block by an AWS managed rule group
 * cannot carry a custom response (AWS WAF allows none on a rule group's action); API Gateway then
 * answers with its WAF_FILTERED gateway response, `/problems/request-blocked`.
 *
 * AWS WAF sends a custom body with a Content-Type of its choosing (`application/json` here) and
 * refuses a `content-type` response header, so these are problem+json bodies under
 * `application/json`.
 */
import { PROBLEM_CATALOGUE, problemType, type ProblemSlug } from '../lambdas/shared/http/problem-catalogue';
import { MAX_BODY_BYTES } from '../lambdas/shared/http/request';

/** How far back the per-IP rate rule counts requests: a client that stops is served again within it. */
export const RATE_WINDOW_SECONDS = 300;

/** The web ACL's rules that answer with a custom response, by rule. */
export type WafBlockingRule = 'RatePerIp' | 'BodyOverLimit';

/** A WAF custom response: its problem type (status and title from the catalogue), detail and headers. */
interface WafProblem {
  readonly slug: ProblemSlug & ('rate-limited' | 'payload-too-large');
  readonly detail: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export const WAF_PROBLEMS: Readonly<Record<WafBlockingRule, WafProblem>> = {
  RatePerIp: {
    slug: 'rate-limited',
    detail: `Too many requests from this IP address: under ${RATE_WINDOW_SECONDS / 60} minutes of fewer requests lifts the block.`,
    headers: { 'Retry-After': String(RATE_WINDOW_SECONDS) },
  },
  // The handlers' own 413 for the same limit, word for word (the gateway's REQUEST_TOO_LARGE is for 10 MB).
  BodyOverLimit: {
    slug: 'payload-too-large',
    detail: `The request body must not exceed ${MAX_BODY_BYTES} bytes.`,
  },
};

/** The problem body of a WAF custom response. */
export const wafProblemBody = (problem: WafProblem): { type: string; title: string; status: number; detail: string } => ({
  type: problemType(problem.slug),
  title: PROBLEM_CATALOGUE[problem.slug].title,
  status: PROBLEM_CATALOGUE[problem.slug].status,
  detail: problem.detail,
});
