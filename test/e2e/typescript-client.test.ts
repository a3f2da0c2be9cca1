/**
 * clients/typescript against the real local runtime: what a frontend team gets, over real HTTP,
 * signed in through /_local/token.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, localTokenProvider, newIdempotencyKey, pages, type ApiClient, type ApiResult } from '@serverless-gateway-events/client';
import { eventually, unique, WEB_API_KEY } from './support/api-client';
import { sharedLocalRuntime } from './support/shared-local-runtime';

/** The data of a successful result; fails the test, with the failure, otherwise. */
const dataOf = <T>(result: ApiResult<T>): T => {
  if (!result.ok) throw new Error(`Expected success, got ${JSON.stringify(result)}`);
  return result.data;
};

// Each first call of a function is a cold start (a fresh worker loading its bundle): allow for a busy machine.
describe('clients/typescript against the local runtime', { timeout: 90_000 }, () => {
  let url: string;
  const clientAs = (sub: string, groups: string[] = []): ApiClient =>
    createApiClient({ baseUrl: url, apiKey: WEB_API_KEY, tokens: localTokenProvider({ baseUrl: url, user: { sub, email: `${sub}@example.com`, groups } }) });

  beforeAll(() => {
    url = sharedLocalRuntime().url;
  });

  it('creates a product as admin, places an order once for its key, sees it CONFIRMED and pages through the orders', async () => {
    const admin = clientAs(unique('admin'), ['admin']);
    const product = dataOf(await admin.createProduct({ name: unique('lamp'), priceCents: 2500, stock: 10 }));
    const buyerId = unique('buyer');
    const buyer = clientAs(buyerId);
    const order = { items: [{ productId: product.id, quantity: 2 }] };

    const idempotencyKey = newIdempotencyKey();
    const placed = dataOf(await buyer.placeOrder(order, { idempotencyKey }));
    const replayed = dataOf(await buyer.placeOrder(order, { idempotencyKey }));
    const second = dataOf(await buyer.placeOrder({ items: [{ productId: product.id, quantity: 1 }] }));

    expect(replayed.id).toBe(placed.id);
    await eventually(() => buyer.getOrder(placed.id), (result) => result.ok && result.data.status === 'CONFIRMED', { what: 'the order to be CONFIRMED' });
    const listed: string[] = [];
    for await (const page of pages(buyer.listUserOrders, { userId: buyerId, limit: 1 })) listed.push(...dataOf(page).items.map((item) => item.id));
    expect(listed.sort()).toEqual([placed.id, second.id].sort());
  });

  it('sends the ETag of a read as If-Match, and answers a stale one with an edit conflict', async () => {
    const id = unique('ada');
    const client = clientAs(id);
    const created = await client.createUser({ name: 'Ada', email: `${id}@example.com` });
    expect(created).toMatchObject({ ok: true, status: 201, etag: expect.any(String) });
    const staleEtag = created.ok ? created.etag : undefined;

    const read = await client.getUser(id);
    const updated = await client.updateUser(id, { name: 'Ada Lovelace' });
    const stale = await client.updateUser(id, { name: 'Ada King' }, { ifMatch: staleEtag });

    expect(read).toMatchObject({ ok: true, etag: staleEtag });
    expect(updated).toMatchObject({ ok: true, data: { name: 'Ada Lovelace', version: 2 } });
    expect(stale).toMatchObject({ ok: false, error: { kind: 'edit-conflict', status: 412, problem: { type: '/problems/precondition-failed' } } });
  });

  it("returns a catalogued problem with the user action's correlation id", async () => {
    const client = clientAs(unique('carol'));

    const result = await client.getOrder('no-such-order', { correlationId: 'support-case-0001' });

    expect(result).toMatchObject({ ok: false, correlationId: 'support-case-0001', error: { kind: 'problem', status: 404, problem: { type: '/problems/not-found' } } });
  });
});
