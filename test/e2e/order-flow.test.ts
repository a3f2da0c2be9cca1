import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, unique } from './support/api-client';
import { expectOk, signIn, type Client } from './support/client';
import { sharedLocalRuntime } from './support/shared-local-runtime';
import { notificationsOf, settledOrder, stockOf } from './support/shop';

// Each first call of a function is a cold start (a fresh worker loading its bundle): allow for a busy machine.
describe('the local runtime, end to end', { timeout: 60_000 }, () => {
  let runtime: ReturnType<typeof sharedLocalRuntime>;
  let admin: Client;

  beforeAll(async () => {
    runtime = sharedLocalRuntime();
    admin = await signIn(runtime.url, unique('admin'), { groups: ['admin'] });
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('welcomes a user who signs up', async () => {
    const ada = await signIn(runtime.url, unique('ada'));
    expectOk(await ada.createUser({ name: 'Ada', email: `${ada.userId}@example.com` }), 201);
    const notifications = await eventually(() => notificationsOf(ada), (items) => items.length === 1, { what: 'the welcome notification' });
    expect(notifications[0]).toMatchObject({ type: 'UserSignedUp', message: 'Welcome, Ada!' });
  });

  it('confirms an order that stock covers, rejects one it does not, and returns stock on cancellation', async () => {
    const buyer = await signIn(runtime.url, unique('buyer'));
    const productId = expectOk(await admin.createProduct({ name: 'Lamp', priceCents: 2500, stock: 3 }), 201).id;

    const first = expectOk(await buyer.placeOrder({ items: [{ productId, quantity: 2 }] }), 201);
    expect((await settledOrder(buyer, first.id)).status).toBe('CONFIRMED');
    expect(await stockOf(buyer, productId)).toBe(1);

    const second = expectOk(await buyer.placeOrder({ items: [{ productId, quantity: 2 }] }), 201);
    const rejected = await settledOrder(buyer, second.id);
    expect(rejected.status).toBe('REJECTED');
    expect(rejected.reason).toEqual(expect.any(String));
    expect(rejected.reason!.length).toBeGreaterThan(0);

    const cancelled = expectOk(await buyer.cancelOrder(first.id));
    expect(cancelled.status).toBe('CANCELLED');
    await eventually(() => stockOf(buyer, productId), (stock) => stock === 3, { what: 'stock to return to 3' });
  });
});
