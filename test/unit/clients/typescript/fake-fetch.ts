/**
 * A fake fetch for the client's unit tests: it answers from a script, one entry per request, and
 * records what was sent. No network: a request beyond the script fails the test.
 */
import type { FetchLike, Sleep } from '../../../../clients/typescript/src/index';

export interface SentRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly body: unknown;
}

type Answer = Response | Error | ((request: Request) => Promise<Response>);

export const fakeFetch = (...answers: Answer[]): { readonly fetch: FetchLike; readonly sent: SentRequest[] } => {
  const sent: SentRequest[] = [];
  const fetch: FetchLike = async (request) => {
    const text = await request.clone().text();
    sent.push({ method: request.method, url: new URL(request.url), headers: request.headers, body: text ? JSON.parse(text) : undefined });
    const answer = answers.shift();
    if (answer === undefined) throw new Error(`Unscripted request: ${request.method} ${request.url}`);
    if (answer instanceof Error) throw answer;
    return answer instanceof Response ? answer : answer(request);
  };
  return { fetch, sent };
};

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** A problem as the API sends it, of a catalogued type. */
export const problem = (status: number, slug: string, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify({ type: `/problems/${slug}`, title: `Title of ${slug}`, status, detail: `Detail of ${slug}` }), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });

/** What `fetch` rejects with when the network fails. */
export const networkError = (): TypeError => new TypeError('fetch failed');

/** A sleep that returns at once and records how long it was asked to wait. */
export const fakeSleep = (): { readonly sleep: Sleep; readonly waits: number[] } => {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
};

export const BASE_URL = 'https://api.example.test/dev';
