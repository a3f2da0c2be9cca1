import { describe, expect, it } from 'vitest';
import { createApiClient, type ApiClientOptions, type RetryPolicy } from '../../../../clients/typescript/src/index';
import { BASE_URL, fakeFetch, fakeSleep, json, networkError, problem } from './fake-fetch';

const PRODUCT = { id: 'p-1', name: 'Lamp', priceCents: 1999, stock: 3 };
const ORDER = { id: 'o-1', userId: 'u-1', status: 'PENDING', items: [{ productId: 'p-1', quantity: 1 }] };

/** A client whose waits are recorded, not waited, and whose jitter is fixed (random() = 0.5). */
const clientWith = (fetch: ApiClientOptions['fetch'], options: Partial<ApiClientOptions> = {}) => {
  const { sleep, waits } = fakeSleep();
  const client = createApiClient({ baseUrl: BASE_URL, apiKey: 'web-key', fetch, sleep, random: () => 0.5, ...options });
  return { client, waits };
};

describe('retries', () => {
  it.each([
    [400, 'validation'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not-found'],
    [409, 'conflict'],
    [412, 'precondition-failed'],
    [422, 'unprocessable'],
    [500, 'internal'],
  ])('never retries a %i', async (status, slug) => {
    const { fetch, sent } = fakeFetch(problem(status, slug), json(200, PRODUCT));
    const { client, waits } = clientWith(fetch);

    const result = await client.getProduct('p-1');

    expect(result.ok).toBe(false);
    expect(sent).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('retries a 503 with a jittered, doubling back-off, then returns the success', async () => {
    const { fetch, sent } = fakeFetch(problem(503, 'starting'), problem(503, 'starting'), json(200, PRODUCT));
    const { client, waits } = clientWith(fetch, { retry: { baseDelayMs: 100 } });

    const result = await client.getProduct('p-1');

    expect(result).toMatchObject({ ok: true, data: PRODUCT });
    expect(sent).toHaveLength(3);
    // Full jitter: random() (0.5 here) times 100 ms, then times 200 ms.
    expect(waits).toEqual([50, 100]);
  });

  it('bounds the back-off by maxDelayMs', async () => {
    const { fetch } = fakeFetch(...Array.from({ length: 5 }, () => problem(503, 'starting')), json(200, PRODUCT));
    const { client, waits } = clientWith(fetch, { random: () => 0.999, retry: { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 300 } });

    await client.getProduct('p-1');

    expect(waits).toEqual([99, 199, 299, 299, 299]);
  });

  it('stops after maxAttempts and returns the last answer as its problem', async () => {
    const { fetch, sent } = fakeFetch(...Array.from({ length: 4 }, () => problem(503, 'starting')));
    const { client } = clientWith(fetch, { retry: { maxAttempts: 4 } });

    const result = await client.getProduct('p-1');

    expect(sent).toHaveLength(4);
    expect(result).toMatchObject({ ok: false, error: { kind: 'problem', status: 503, problem: { type: '/problems/starting' } } });
  });

  it('waits the seconds of a 429 Retry-After', async () => {
    const { fetch, sent } = fakeFetch(problem(429, 'throttled', { 'retry-after': '2' }), json(200, PRODUCT));
    const { client, waits } = clientWith(fetch);

    const result = await client.getProduct('p-1');

    expect(result.ok).toBe(true);
    expect(sent).toHaveLength(2);
    expect(waits).toEqual([2000]);
  });

  it('waits until the HTTP-date of a Retry-After', async () => {
    const now = Date.parse('2026-12-02T08:00:00Z');
    const { fetch } = fakeFetch(problem(503, 'starting', { 'retry-after': 'Wed, 02 Dec 2026 08:00:07 GMT' }), json(200, PRODUCT));
    const { client, waits } = clientWith(fetch, { now: () => now });

    await client.getProduct('p-1');

    expect(waits).toEqual([7000]);
  });

  it('retries at once after a Retry-After date already past, and backs off after an unreadable one', async () => {
    const now = Date.parse('2026-12-02T08:00:00Z');
    const { fetch } = fakeFetch(
      problem(503, 'starting', { 'retry-after': 'Wed, 02 Dec 2026 07:59:00 GMT' }),
      problem(503, 'starting', { 'retry-after': 'soon' }),
      json(200, PRODUCT),
    );
    const { client, waits } = clientWith(fetch, { now: () => now, retry: { baseDelayMs: 100 } });

    await client.getProduct('p-1');

    expect(waits).toEqual([0, 100]);
  });

  it('returns a 429 whose Retry-After is longer than maxRetryAfterMs instead of waiting', async () => {
    const { fetch, sent } = fakeFetch(problem(429, 'quota-exceeded', { 'retry-after': '3600' }), json(200, PRODUCT));
    const { client, waits } = clientWith(fetch, { retry: { maxRetryAfterMs: 60_000 } });

    const result = await client.getProduct('p-1');

    expect(result).toMatchObject({ ok: false, error: { kind: 'problem', status: 429, problem: { type: '/problems/quota-exceeded' } } });
    expect(sent).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('backs off on a 429 without Retry-After', async () => {
    const { fetch } = fakeFetch(problem(429, 'throttled'), json(200, PRODUCT));
    const { client, waits } = clientWith(fetch, { retry: { baseDelayMs: 100 } });

    await client.getProduct('p-1');

    expect(waits).toEqual([50]);
  });

  it('retries a read after a network error', async () => {
    const { fetch, sent } = fakeFetch(networkError(), json(200, PRODUCT));
    const { client } = clientWith(fetch);

    const result = await client.getProduct('p-1');

    expect(result.ok).toBe(true);
    expect(sent).toHaveLength(2);
  });

  it('does not replay a POST without an Idempotency-Key after a network error: it may have taken effect', async () => {
    const { fetch, sent } = fakeFetch(networkError(), json(201, PRODUCT));
    const { client } = clientWith(fetch);

    const result = await client.createProduct({ name: 'Lamp', priceCents: 1999, stock: 3 });

    expect(result).toMatchObject({ ok: false, error: { kind: 'network', message: 'fetch failed' } });
    expect(sent).toHaveLength(1);
  });

  it('is a network failure once every attempt has failed', async () => {
    const { fetch, sent } = fakeFetch(networkError(), networkError(), networkError());
    const { client } = clientWith(fetch, { retry: { maxAttempts: 3 } });

    const result = await client.getProduct('p-1');

    expect(sent).toHaveLength(3);
    expect(result).toMatchObject({ ok: false, error: { kind: 'network' } });
  });

  it('counts an attempt that outlasts attemptTimeoutMs as a network error', async () => {
    const hang = (request: Request) =>
      new Promise<Response>((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true }));
    const { fetch, sent } = fakeFetch(hang, json(200, PRODUCT));
    const retry: Partial<RetryPolicy> = { attemptTimeoutMs: 20 };
    const { client } = clientWith(fetch, { retry });

    const result = await client.getProduct('p-1');

    expect(result).toMatchObject({ ok: true, data: PRODUCT });
    expect(sent).toHaveLength(2);
  });

  it('stops retrying when the caller aborts during the back-off', async () => {
    const controller = new AbortController();
    const { fetch, sent } = fakeFetch(problem(503, 'starting'), json(200, PRODUCT));
    const client = createApiClient({
      baseUrl: BASE_URL,
      apiKey: 'web-key',
      fetch,
      sleep: async (_ms, signal) => {
        controller.abort();
        signal?.throwIfAborted();
      },
    });

    const result = await client.getProduct('p-1', { signal: controller.signal });

    expect(result).toMatchObject({ ok: false, error: { kind: 'aborted' } });
    expect(sent).toHaveLength(1);
  });
});

describe('placing an order', () => {
  const order = { items: [{ productId: 'p-1', quantity: 1 }] };

  it('sends the same Idempotency-Key on each of its retries', async () => {
    const { fetch, sent } = fakeFetch(networkError(), problem(503, 'starting'), problem(429, 'throttled', { 'retry-after': '1' }), json(201, ORDER));
    const { client } = clientWith(fetch);

    const result = await client.placeOrder(order);

    expect(result).toMatchObject({ ok: true, status: 201, data: ORDER });
    const keys = sent.map((request) => request.headers.get('idempotency-key'));
    expect(keys).toHaveLength(4);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[\x21-\x7e]{1,255}$/);
    expect(sent.map((request) => request.body)).toEqual([order, order, order, order]);
  });

  it('sends a new Idempotency-Key for each order', async () => {
    const { fetch, sent } = fakeFetch(json(201, ORDER), json(201, ORDER));
    const { client } = clientWith(fetch);

    await client.placeOrder(order);
    await client.placeOrder(order);

    expect(sent[0]!.headers.get('idempotency-key')).not.toBe(sent[1]!.headers.get('idempotency-key'));
  });

  it("sends the caller's Idempotency-Key, so that a person's own retry is deduplicated too", async () => {
    const { fetch, sent } = fakeFetch(json(201, ORDER));
    const { client } = clientWith(fetch);

    await client.placeOrder(order, { idempotencyKey: 'basket-42' });

    expect(sent[0]!.headers.get('idempotency-key')).toBe('basket-42');
  });

  it('never retries a 409 idempotency-key-in-flight or a 422', async () => {
    const { fetch, sent } = fakeFetch(problem(409, 'idempotency-key-in-flight'), problem(422, 'unprocessable'));
    const { client } = clientWith(fetch);

    const first = await client.placeOrder(order);
    const second = await client.placeOrder(order);

    expect(first).toMatchObject({ ok: false, error: { problem: { type: '/problems/idempotency-key-in-flight' } } });
    expect(second).toMatchObject({ ok: false, error: { problem: { type: '/problems/unprocessable' } } });
    expect(sent).toHaveLength(2);
  });
});
