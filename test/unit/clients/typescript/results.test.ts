import { describe, expect, it } from 'vitest';
import { createApiClient, describeError, type TokenProvider } from '../../../../clients/typescript/src/index';
import { BASE_URL, fakeFetch, json, networkError, problem } from './fake-fetch';

const tokens: TokenProvider = { getToken: async () => 'id-token' };
const clientFor = (fetch: ReturnType<typeof fakeFetch>['fetch']) => createApiClient({ baseUrl: BASE_URL, apiKey: 'web-key', tokens, fetch });

const PRODUCT = { id: 'p-1', name: 'Lamp', priceCents: 1999, stock: 3 };

describe('the typed result of a call', () => {
  it('is the body, status, ETag and correlation id on success', async () => {
    const { fetch } = fakeFetch(json(200, PRODUCT, { etag: '"v1"', 'x-correlation-id': 'corr-from-api' }));

    const result = await clientFor(fetch).getProduct('p-1');

    expect(result).toEqual({ ok: true, status: 200, data: PRODUCT, etag: '"v1"', correlationId: 'corr-from-api', headers: expect.any(Headers) });
  });

  it('sends the API key, the bearer token and a new correlation id, and returns that id when the API echoes none', async () => {
    const { fetch, sent } = fakeFetch(json(200, PRODUCT));

    const result = await clientFor(fetch).getProduct('p 1/2');

    const request = sent[0]!;
    expect(request.method).toBe('GET');
    expect(request.url.pathname).toBe('/dev/v1/products/p%201%2F2');
    expect(request.headers.get('x-api-key')).toBe('web-key');
    expect(request.headers.get('authorization')).toBe('Bearer id-token');
    expect(request.headers.get('x-correlation-id')).toMatch(/^[A-Za-z0-9._:-]{8,128}$/);
    expect(result.correlationId).toBe(request.headers.get('x-correlation-id'));
  });

  it('sends the correlation id of the user action when given one', async () => {
    const { fetch, sent } = fakeFetch(json(200, PRODUCT), json(200, PRODUCT));
    const client = clientFor(fetch);

    await client.getProduct('p-1', { correlationId: 'checkout-1234' });
    await client.getProduct('p-1', { correlationId: 'checkout-1234' });

    expect(sent.map((request) => request.headers.get('x-correlation-id'))).toEqual(['checkout-1234', 'checkout-1234']);
  });

  it('gives every call its own correlation id by default', async () => {
    const { fetch, sent } = fakeFetch(json(200, PRODUCT), json(200, PRODUCT));
    const client = clientFor(fetch);

    await client.getProduct('p-1');
    await client.getProduct('p-1');

    expect(sent[0]!.headers.get('x-correlation-id')).not.toBe(sent[1]!.headers.get('x-correlation-id'));
  });

  it('is the problem with its catalogued type and the correlation id on a documented failure', async () => {
    const { fetch } = fakeFetch(problem(404, 'not-found', { 'x-correlation-id': 'corr-404' }));

    const result = await clientFor(fetch).getOrder('o-1');

    expect(result).toEqual({
      ok: false,
      correlationId: 'corr-404',
      headers: expect.any(Headers),
      error: { kind: 'problem', status: 404, problem: { type: '/problems/not-found', title: 'Title of not-found', status: 404, detail: 'Detail of not-found' } },
    });
    if (!result.ok) expect(describeError(result.error)).toEqual({ title: 'Title of not-found', detail: 'Detail of not-found' });
  });

  it('keeps the field errors of a validation problem', async () => {
    const body = { type: '/problems/validation', title: 'Bad Request', status: 400, detail: 'The body is invalid.', errors: [{ path: '/stock', message: 'Too small' }] };
    const { fetch } = fakeFetch(json(400, body));

    const result = await clientFor(fetch).createProduct({ name: 'Lamp', priceCents: 1999, stock: -1 });

    expect(result).toMatchObject({ ok: false, error: { kind: 'problem', problem: { errors: [{ path: '/stock', message: 'Too small' }] } } });
  });

  it('is an unexpected-response for an answer that is not a problem', async () => {
    const { fetch } = fakeFetch(new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }));

    const result = await clientFor(fetch).getHealth();

    expect(result).toMatchObject({ ok: false, error: { kind: 'unexpected-response', status: 502, message: '<html>Bad gateway</html>' } });
  });

  it("carries the response's headers, for what the typed fields leave out", async () => {
    const order = { id: 'o-1', userId: 'u-1', status: 'PENDING', items: [], totalCents: 0, createdAt: '2026-01-01T00:00:00Z' };
    const { fetch } = fakeFetch(json(201, order, { location: '/v1/orders/o-1' }), problem(422, 'idempotency-key-reused', { 'x-request-id': 'r-2' }));
    const client = clientFor(fetch);

    const placed = await client.placeOrder({ items: [{ productId: 'p-1', quantity: 1 }] });
    const refused = await client.placeOrder({ items: [{ productId: 'p-1', quantity: 2 }] });

    expect(placed.ok && placed.headers.get('location')).toBe('/v1/orders/o-1');
    expect(refused.headers?.get('content-type')).toBe('application/problem+json');
    expect(refused.headers?.get('x-request-id')).toBe('r-2');
  });

  it('has no headers when no response arrived', async () => {
    const { fetch } = fakeFetch(networkError());

    const result = await createApiClient({ baseUrl: BASE_URL, apiKey: 'web-key', tokens, fetch, retry: { maxAttempts: 1 } }).getProduct('p-1');

    expect(result).toMatchObject({ ok: false, error: { kind: 'network' } });
    expect(result.headers).toBeUndefined();
  });

  it('is token-unavailable, and sends nothing, when the token provider fails', async () => {
    const { fetch, sent } = fakeFetch();
    const failing: TokenProvider = { getToken: () => Promise.reject(new Error('The session has expired')) };

    const result = await createApiClient({ baseUrl: BASE_URL, apiKey: 'web-key', tokens: failing, fetch }).getUser('u-1');

    expect(result).toMatchObject({ ok: false, error: { kind: 'token-unavailable', message: 'The session has expired' } });
    expect(sent).toEqual([]);
  });

  it('sends no Authorization header when signed out', async () => {
    const { fetch, sent } = fakeFetch(json(200, { status: 'ok' }));

    await createApiClient({ baseUrl: BASE_URL, apiKey: 'web-key', tokens: { getToken: async () => undefined }, fetch }).getHealth();

    expect(sent[0]!.headers.has('authorization')).toBe(false);
  });

  it('is aborted when the caller aborts', async () => {
    const controller = new AbortController();
    const { fetch } = fakeFetch(async (request) => {
      controller.abort();
      request.signal.throwIfAborted();
      return json(200, PRODUCT);
    });

    const result = await clientFor(fetch).getProduct('p-1', { signal: controller.signal });

    expect(result).toMatchObject({ ok: false, error: { kind: 'aborted' } });
  });

  it('sends the typed body and query of an operation', async () => {
    const { fetch, sent } = fakeFetch(json(200, { items: [], nextCursor: null }), json(201, { ...PRODUCT }));
    const client = clientFor(fetch);

    await client.listUserOrders({ userId: 'u-1', limit: 5, cursor: 'c-2' });
    await client.createProduct({ name: 'Lamp', priceCents: 1999, stock: 3 });

    expect(`${sent[0]!.url.pathname}${sent[0]!.url.search}`).toBe('/dev/v1/users/u-1/orders?limit=5&cursor=c-2');
    expect(sent[1]).toMatchObject({ method: 'POST', body: { name: 'Lamp', priceCents: 1999, stock: 3 } });
    expect(sent[1]!.url.pathname).toBe('/dev/v1/products');
    expect(sent[1]!.headers.get('content-type')).toBe('application/json');
  });
});
