/**
 * Retries with back-off: on network errors and timeouts (only where a replay cannot apply an
 * effect twice), and on 429 and 503 (the request was refused before it did anything), honouring
 * Retry-After. Never on any other status: a 4xx says the request itself must change.
 */

/** How a request is sent: globalThis.fetch, or a fake in tests. */
export type FetchLike = (request: Request) => Promise<Response>;

/** Waits `ms`, or rejects when `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RetryPolicy {
  /** Attempts in all, the first included. @default 4 */
  readonly maxAttempts: number;
  /** The first back-off's upper bound; it doubles per attempt (full jitter). @default 200 */
  readonly baseDelayMs: number;
  /** The largest back-off. @default 5000 */
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the 429 or 503 is returned to the caller. @default 30000 */
  readonly maxRetryAfterMs: number;
  /** How long one attempt may take before it counts as a network error. @default 15000 */
  readonly attemptTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000,
  attemptTimeoutMs: 15_000,
};

const RETRIED_STATUSES = new Set([429, 503]);

/** RFC 9110 idempotent methods: sending one twice has the effect of sending it once. */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/**
 * Whether a request whose answer was lost may be sent again: an idempotent method, or one the
 * server deduplicates by its Idempotency-Key. A POST without one (a product, a user, a cancel)
 * may already have taken effect, so its network error goes back to the caller.
 */
const replayable = (request: Request): boolean => IDEMPOTENT_METHODS.has(request.method) || request.headers.has('idempotency-key');

/** Retry-After as milliseconds from `now`: delay-seconds or an HTTP-date (RFC 9110 10.2.3); undefined when absent or unreadable. */
const retryAfterMs = (value: string | null, now: number): number | undefined => {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
};

/** Full-jitter exponential back-off before attempt `attempt + 1` (AWS Architecture Blog, "Exponential Backoff And Jitter"). */
const backoffMs = (attempt: number, policy: RetryPolicy, random: () => number): number =>
  Math.floor(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));

export const abortableSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export interface RetryDeps {
  readonly fetch: FetchLike;
  readonly policy: RetryPolicy;
  readonly sleep: Sleep;
  readonly random: () => number;
  readonly now: () => number;
}

/**
 * Sends `request`, again as the policy allows, and returns the last response; throws the last
 * network error, or the caller's abort. Each attempt sends a fresh copy of the same request, so
 * its headers (the Idempotency-Key among them) are the same on every attempt.
 */
export const sendWithRetries = async (request: Request, deps: RetryDeps): Promise<Response> => {
  const { policy } = deps;
  // Read once: a Request's body can be sent only once, and JSON bodies are small.
  const body = request.body === null ? undefined : await request.arrayBuffer();
  for (let attempt = 1; ; attempt++) {
    // A timer of our own rather than AbortSignal.timeout(): combined through AbortSignal.any(),
    // Node may collect the timeout signal before it fires, and the attempt then never ends.
    const attemptTimeout = new AbortController();
    const timer = setTimeout(() => attemptTimeout.abort(new DOMException('The attempt timed out', 'TimeoutError')), policy.attemptTimeoutMs);
    const signal = AbortSignal.any([request.signal, attemptTimeout.signal]);
    let response: Response;
    try {
      response = await deps.fetch(new Request(request.url, { method: request.method, headers: request.headers, body, signal }));
    } catch (error) {
      if (request.signal.aborted || attempt >= policy.maxAttempts || !replayable(request)) throw error;
      await deps.sleep(backoffMs(attempt, policy, deps.random), request.signal);
      continue;
    } finally {
      clearTimeout(timer);
    }
    if (!RETRIED_STATUSES.has(response.status) || attempt >= policy.maxAttempts) return response;
    const wait = retryAfterMs(response.headers.get('retry-after'), deps.now()) ?? backoffMs(attempt, policy, deps.random);
    if (wait > policy.maxRetryAfterMs) return response;
    // Free the connection: this answer is not read.
    await response.body?.cancel().catch(() => undefined);
    await deps.sleep(wait, request.signal);
  }
};
