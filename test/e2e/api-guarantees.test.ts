/**
 * The API's promises to clients, over real HTTP: a retried order with the same Idempotency-Key
 * creates nothing new, If-Match settles concurrent updates, forged tokens are refused before any
 * handler runs, and other users' resources do not exist as far as a caller can tell.
 */
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, unique } from './support/api-client';
import { sharedLocalRuntime } from './support/shared-local-runtime';
import { createProduct, placeOrder } from './support/shop';

// Each first call of a function is a cold start (a fresh worker loading its bundle): allow for a busy machine.
describe('API guarantees, end to end', { timeout: 60_000 }, () => {
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

  const signUp = async (name: string): Promise<{ id: string; token: string; etag: string }> => {
    const id = unique(name.toLowerCase());
    const token = await api.token(id);
    const created = await api.post('/v1/users', { token, body: { name, email: `${id}@example.com` } });
    expect(created.status, created.text).toBe(201);
    return { id, token, etag: created.headers.get('etag')! };
  };

  describe('Idempotency-Key on POST /v1/orders', () => {
    it('answers a retry with the first response and creates no second order', async () => {
      const buyerId = unique('buyer');
      const buyer = await api.token(buyerId);
      const product = await createProduct(api, admin, 10);
      const body = { items: [{ productId: product.id, quantity: 2 }] };
      const headers = { 'idempotency-key': unique('key') };

      const first = await api.post('/v1/orders', { token: buyer, body, headers });
      const retry = await api.post('/v1/orders', { token: buyer, body, headers });

      expect(first.status, first.text).toBe(201);
      expect(retry.status, retry.text).toBe(201);
      expect(retry.body.id).toBe(first.body.id);
      expect(retry.headers.get('location')).toBe(first.headers.get('location'));
      const orders = await api.get(`/v1/users/${buyerId}/orders`, { token: buyer });
      expect(orders.status).toBe(200);
      expect(orders.body.items.map((order: { id: string }) => order.id)).toEqual([first.body.id]);
    });

    it('refuses the same key with another body with 422', async () => {
      const buyerId = unique('buyer');
      const buyer = await api.token(buyerId);
      const product = await createProduct(api, admin, 10);
      const headers = { 'idempotency-key': unique('key') };

      const first = await api.post('/v1/orders', { token: buyer, body: { items: [{ productId: product.id, quantity: 1 }] }, headers });
      const reused = await api.post('/v1/orders', { token: buyer, body: { items: [{ productId: product.id, quantity: 3 }] }, headers });

      expect(first.status, first.text).toBe(201);
      expect(reused.status, reused.text).toBe(422);
      expect(reused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const orders = await api.get(`/v1/users/${buyerId}/orders`, { token: buyer });
      expect(orders.body.items).toHaveLength(1);
    });
  });

  describe('If-Match on PATCH /v1/users/{id}', () => {
    it('requires If-Match (428)', async () => {
      const user = await signUp('Grace');
      const response = await api.patch(`/v1/users/${user.id}`, { token: user.token, body: { name: 'Grace H.' } });
      expect(response.status, response.text).toBe(428);
      expect((await api.get(`/v1/users/${user.id}`, { token: user.token })).body.name).toBe('Grace');
    });

    it('refuses a stale ETag (412) once the profile has changed', async () => {
      const user = await signUp('Alan');
      const updated = await api.patch(`/v1/users/${user.id}`, { token: user.token, body: { name: 'Alan T.' }, headers: { 'if-match': user.etag } });
      expect(updated.status, updated.text).toBe(200);
      expect(updated.headers.get('etag')).not.toBe(user.etag);

      const stale = await api.patch(`/v1/users/${user.id}`, { token: user.token, body: { name: 'Someone else' }, headers: { 'if-match': user.etag } });

      expect(stale.status, stale.text).toBe(412);
      expect((await api.get(`/v1/users/${user.id}`, { token: user.token })).body.name).toBe('Alan T.');
    });

    it('lets exactly one of two concurrent updates with the same ETag through', async () => {
      const user = await signUp('Ada');
      const patch = (name: string) => api.patch(`/v1/users/${user.id}`, { token: user.token, body: { name }, headers: { 'if-match': user.etag } });

      const responses = await Promise.all([patch('Ada L.'), patch('Ada B.')]);

      expect(responses.map((response) => response.status).sort()).toEqual([200, 412]);
      const winner = responses.find((response) => response.status === 200)!;
      const current = await api.get(`/v1/users/${user.id}`, { token: user.token });
      expect(current.body.name).toBe(winner.body.name);
      expect(current.body.version).toBe(2);
    });
  });

  describe('authentication', () => {
    it('refuses a request without a token (401)', async () => {
      const response = await api.get('/v1/products');
      expect(response.status, response.text).toBe(401);
    });

    it('refuses a token signed by another key (401)', async () => {
      const genuine = await api.token(unique('mallory'), ['admin']);
      const { privateKey } = await generateKeyPair('RS256');
      // Same header and claims as a genuine token; only the key differs.
      const forged = await new SignJWT(decodeJwt(genuine)).setProtectedHeader(decodeProtectedHeader(genuine) as { alg: string }).sign(privateKey);

      const response = await api.post('/v1/products', { token: forged, body: { name: unique('forged'), priceCents: 1, stock: 1 } });

      expect(response.status, response.text).toBe(401);
      // The same request with the genuine token goes through: the key is what was refused.
      expect((await api.post('/v1/products', { token: genuine, body: { name: unique('genuine'), priceCents: 1, stock: 1 } })).status).toBe(201);
    });

    it('refuses a genuine token whose payload was changed (401)', async () => {
      const victim = await signUp('Victim');
      const attacker = await api.token(unique('attacker'));
      const [header, payload, signature] = attacker.split('.') as [string, string, string];
      const claims = { ...(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>), sub: victim.id };
      const tampered = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');

      const response = await api.get(`/v1/users/${victim.id}`, { token: tampered });

      expect(response.status, response.text).toBe(401);
      expect(response.text).not.toContain(victim.id);
    });
  });

  describe("other users' resources", () => {
    it("answers 404 for another user's order, which its owner can read", async () => {
      const owner = await api.token(unique('owner'));
      const stranger = await api.token(unique('stranger'));
      const product = await createProduct(api, admin, 5);
      const order = await placeOrder(api, owner, product.id, 1);

      const asStranger = await api.get(`/v1/orders/${order.id}`, { token: stranger });
      const cancelAsStranger = await api.post(`/v1/orders/${order.id}/cancel`, { token: stranger });

      expect(asStranger.status, asStranger.text).toBe(404);
      expect(asStranger.text).not.toContain(product.id);
      expect(cancelAsStranger.status, cancelAsStranger.text).toBe(404);
      const asOwner = await api.get(`/v1/orders/${order.id}`, { token: owner });
      expect(asOwner.status).toBe(200);
      expect(asOwner.body.status).not.toBe('CANCELLED');
    });

    it("answers 404 for another user's profile, which its owner can read", async () => {
      const owner = await signUp('Owner');
      const stranger = await api.token(unique('stranger'));

      const response = await api.get(`/v1/users/${owner.id}`, { token: stranger });

      expect(response.status, response.text).toBe(404);
      expect(response.text).not.toContain('@example.com');
      expect((await api.get(`/v1/users/${owner.id}`, { token: owner.token })).status).toBe(200);
    });
  });
});
