/**
 * The API as frontend teams call it: clients/typescript (`@serverless-gateway-events/client`)
 * signed in through the local runtime's /_local/token, so that every end-to-end test of the API
 * exercises the client against the real runtime. Tests of the HTTP layer itself (malformed
 * requests, missing keys, raw headers, throttling) use the raw `ApiClient` of api-client.ts.
 */
import {
  createApiClient,
  localTokenProvider,
  type ApiClient,
  type ApiResult,
  type Problem,
  type ProblemType,
  type RetryPolicy,
} from '@serverless-gateway-events/client';
import { expect } from 'vitest';
import { WEB_API_KEY } from './api-client';

/**
 * One attempt, as long as it takes: a test sees the runtime's own first answer (a 429 or 503 is
 * the test's to see, not the client's to retry away), and a request that waits long for a busy
 * function instance (crash-recovery, flash-sale) is bounded by the test's timeout, not the
 * client's 15 s. The retries themselves are unit-tested (test/unit/clients/typescript).
 */
const E2E_RETRY: Partial<RetryPolicy> = { maxAttempts: 1, attemptTimeoutMs: 600_000 };

/** A signed-in user's client, with who they are and the token it signed in with. */
export type Client = ApiClient & { readonly userId: string; readonly token: string };

export interface SignInOptions {
  /** `['admin']` for an administrator. */
  readonly groups?: readonly string[];
  /** @default `<userId>@example.com` */
  readonly email?: string;
}

/** Signs `userId` in on the runtime at `url` (a token now, so that a refusal fails here) and returns their client. */
export const signIn = async (url: string, userId: string, { groups = [], email = `${userId}@example.com` }: SignInOptions = {}): Promise<Client> => {
  const tokens = localTokenProvider({ baseUrl: url, user: { sub: userId, email, groups } });
  const token = await tokens.getToken();
  if (token === undefined) throw new Error(`No token for ${userId}`);
  return { ...createApiClient({ baseUrl: url, apiKey: WEB_API_KEY, tokens, retry: E2E_RETRY }), userId, token };
};

/** A client that sends `token` as it is (a forged or tampered one, or one from another run), or none when undefined. */
export const clientWithToken = (url: string, token: string | undefined): ApiClient =>
  createApiClient({ baseUrl: url, apiKey: WEB_API_KEY, tokens: { getToken: async () => token }, retry: E2E_RETRY });

/** The HTTP status of a result; undefined when no answer arrived. */
export const statusOf = (result: ApiResult<unknown>): number | undefined =>
  result.ok ? result.status : 'status' in result.error ? result.error.status : undefined;

/** Asserts a success with `status`, and returns its body; the failure otherwise, whole, in the message. */
export const expectOk = <T>(result: ApiResult<T>, status = 200): T => {
  expect({ ok: result.ok, status: statusOf(result) }, JSON.stringify(result)).toEqual({ ok: true, status });
  return (result as Extract<ApiResult<T>, { ok: true }>).data;
};

/** Asserts a problem+json answer with `status` and `type`, and returns the problem. */
export const expectProblem = (result: ApiResult<unknown>, status: number, type: ProblemType): Problem => {
  const error = result.ok ? undefined : result.error;
  expect(error?.kind === 'problem' || error?.kind === 'edit-conflict', JSON.stringify(result)).toBe(true);
  const { problem } = error as { problem: Problem };
  expect({ status: statusOf(result), type: problem.type }).toEqual({ status, type });
  expect(result.headers?.get('content-type')).toMatch(/^application\/problem\+json\b/);
  return problem;
};
