import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, eventually, unique } from './support/api-client';
import { sharedLocalRuntime } from './support/shared-local-runtime';

// Each first call of a function is a cold start (a fresh worker loading its bundle): allow for a busy machine.
describe('the local runtime, end to end', { timeout: 60_000 }, () => {
  let runtime: ReturnType<typeof sharedLocalRuntime>;
  let api: ApiClient;
  let admin: string;

  beforeAll(async () => {
    runtime = sharedLocalRuntime();
    api = new ApiClient(runtime.url);
    admin = await api.token(unique('admin'), ['admin']);
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('welcomes a user who signs up', async () => {
    const ada = unique('ada');
    const token = await api.token(ada);
    const created = await api.post('/v1/users', { token, body: { name: 'Ada', email: `${ada}@example.com` } });
    expect(created.status).toBe(201);
    const notifications = await eventually(
      () => api.get(`/v1/users/${ada}/notifications`, { token }),
      (response) => response.body.items?.length === 1,
      { what: 'the welcome notification' },
    );
    expect(notifications.body.items[0]).toMatchObject({ type: 'UserSignedUp', message: 'Welcome, Ada!' });
  });

  it('confirms an order that stock covers, rejects one it does not, and returns stock on cancellation', async () => {
    const buyer = await api.token(unique('buyer'));
    const product = await api.post('/v1/products', { token: admin, body: { name: 'Lamp', priceCents: 2500, stock: 3 } });
    expect(product.status).toBe(201);
    const productId = product.body.id as string;

    const first = await api.post('/v1/orders', { token: buyer, body: { items: [{ productId, quantity: 2 }] } });
    expect(first.status).toBe(201);
    await eventually(() => api.get(`/v1/orders/${first.body.id}`, { token: buyer }), (r) => r.body.status === 'CONFIRMED', { what: 'the first order to be CONFIRMED' });
    expect((await api.get(`/v1/products/${productId}`, { token: buyer })).body.stock).toBe(1);

    const second = await api.post('/v1/orders', { token: buyer, body: { items: [{ productId, quantity: 2 }] } });
    const rejected = await eventually(() => api.get(`/v1/orders/${second.body.id}`, { token: buyer }), (r) => r.body.status === 'REJECTED', { what: 'the second order to be REJECTED' });
    expect(rejected.body.reason).toEqual(expect.any(String));
    expect(rejected.body.reason.length).toBeGreaterThan(0);

    const cancelled = await api.post(`/v1/orders/${first.body.id}/cancel`, { token: buyer });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('CANCELLED');
    await eventually(() => api.get(`/v1/products/${productId}`, { token: buyer }), (r) => r.body.stock === 3, { what: 'stock to return to 3' });
  });
});
