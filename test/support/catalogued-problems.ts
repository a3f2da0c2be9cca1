/**
 * Holds every test to the problem catalogue (lambdas/shared/http/problem-catalogue.ts): a
 * problem+json body whose `type` is not catalogued fails the test that received it. Loaded for
 * every test file (vitest.config.ts `setupFiles`): it checks each response `fetch` returns (the
 * end-to-end tests' HTTP) and test/unit/http-event.ts `expectProblem` checks handlers' answers.
 */
import { CATALOGUED_PROBLEM_TYPES } from '../../lambdas/shared/http/problem-catalogue';

/** Throws unless `body` is a problem whose type is in the catalogue. */
export const assertCataloguedProblem = (body: unknown, where: string): void => {
  const type = typeof body === 'object' && body !== null ? (body as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !CATALOGUED_PROBLEM_TYPES.includes(type)) {
    throw new Error(`${where} answered a problem whose type ${JSON.stringify(type)} is not in the problem catalogue: ${JSON.stringify(body)}`);
  }
};

const PROBLEM_MEDIA_TYPE = /^application\/problem\+json\b/i;
const realFetch = globalThis.fetch;

globalThis.fetch = async (input, init) => {
  const response = await realFetch(input, init);
  if (PROBLEM_MEDIA_TYPE.test(response.headers.get('content-type') ?? '') && (init?.method ?? 'GET').toUpperCase() !== 'HEAD') {
    const text = await response.clone().text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    const url = input instanceof Request ? input.url : String(input);
    assertCataloguedProblem(body, `${(init?.method ?? 'GET').toUpperCase()} ${new URL(url).pathname.slice(0, 120)}`);
  }
  return response;
};
