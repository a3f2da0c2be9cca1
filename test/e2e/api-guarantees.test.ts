/**
 * The API's promises to clients, over real HTTP: a retried order with the same Idempotency-Key
 * creates nothing new, If-Match settles concurrent updates, forged tokens are refused before any
 * handler runs, and other users' resources do not exist as far as a caller can tell.
 */
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newIdempotencyKey } from '@serverless-gateway-events/client';
import { unique } from './support/api-client';
import { clientWithToken, expectOk, expectProblem, signIn, statusOf, type Client } from './support/client';
import { sharedLocalRuntime } from './support/shared-local-runtime';
import { createProduct, ordersOf, placeOrder } from './support/shop';

// Each first call of a function is a cold start (a fresh worker loading its bundle): allow for a busy machine.
describe('API guarantees, end to end', { timeout: 60_000 }, () => {
  let runtime: ReturnType<typeof sharedLocalRuntime>;
  let admin: Client;

  beforeAll(async () => {
    runtime = sharedLocalRuntime();
    admin = await signIn(runtime.url, unique('admin'), { groups: ['admin'] });
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  /** A new user with a profile; `etag` is the profile's first version, from the 201. */
  const signUp = async (name: string): Promise<{ client: Client; etag: string }> => {
    const client = await signIn(runtime.url, unique(name.toLowerCase()));
    const created = await client.createUser({ name, email: `${client.userId}@example.com` });
    expectOk(created, 201);
    const etag = created.ok ? created.etag : undefined;
    expect(etag, 'the ETag of the 201').toEqual(expect.any(String));
    return { client, etag: etag! };
  };

  describe('Idempotency-Key on POST /v1/orders', () => {
    it('answers a retry with the first response and creates no second order', async () => {
      const buyer = await signIn(runtime.url, unique('buyer'));
      const product = await createProduct(admin, 10);
      const order = { items: [{ productId: product.id, quantity: 2 }] };
      const idempotencyKey = newIdempotencyKey();

      const first = await buyer.placeOrder(order, { idempotencyKey });
      const retry = await buyer.placeOrder(order, { idempotencyKey });

      const placed = expectOk(first, 201);
      expect(expectOk(retry, 201).id).toBe(placed.id);
      expect(retry.headers?.get('location')).toBe(first.headers?.get('location'));
      expect(first.headers?.get('location')).toMatch(new RegExp(`/v1/orders/${placed.id}$`));
      expect((await ordersOf(buyer)).map((each) => each.id)).toEqual([placed.id]);
    });

    it('refuses the same key with another body with 422', async () => {
      const buyer = await signIn(runtime.url, unique('buyer'));
      const product = await createProduct(admin, 10);
      const idempotencyKey = newIdempotencyKey();

      const first = await buyer.placeOrder({ items: [{ productId: product.id, quantity: 1 }] }, { idempotencyKey });
      const reused = await buyer.placeOrder({ items: [{ productId: product.id, quantity: 3 }] }, { idempotencyKey });

      expectOk(first, 201);
      expectProblem(reused, 422, '/problems/idempotency-key-reused');
      expect(await ordersOf(buyer)).toHaveLength(1);
    });
  });

  describe('If-Match on PATCH /v1/users/{id}', () => {
    it('requires If-Match (428)', async () => {
      const user = await signUp('Grace');
      // Another client of the same user, which has read nothing: it has no ETag to send.
      const fresh = await signIn(runtime.url, user.client.userId);

      expectProblem(await fresh.updateUser(fresh.userId, { name: 'Grace H.' }), 428, '/problems/precondition-required');

      expect(expectOk(await user.client.getUser(user.client.userId)).name).toBe('Grace');
    });

    it('refuses a stale ETag (412) once the profile has changed', async () => {
      const { client, etag } = await signUp('Alan');
      const updated = await client.updateUser(client.userId, { name: 'Alan T.' }, { ifMatch: etag });
      expectOk(updated);
      const newEtag = updated.ok ? updated.etag : undefined;
      expect(newEtag).toEqual(expect.any(String));
      expect(newEtag).not.toBe(etag);

      const stale = await client.updateUser(client.userId, { name: 'Someone else' }, { ifMatch: etag });

      expectProblem(stale, 412, '/problems/precondition-failed');
      expect(stale.ok ? undefined : stale.error.kind).toBe('edit-conflict');
      expect(expectOk(await client.getUser(client.userId)).name).toBe('Alan T.');
    });

    it('lets exactly one of two concurrent updates with the same ETag through', async () => {
      const { client, etag } = await signUp('Ada');
      const update = (name: string) => client.updateUser(client.userId, { name }, { ifMatch: etag });

      const results = await Promise.all([update('Ada L.'), update('Ada B.')]);

      expect(results.map(statusOf).sort()).toEqual([200, 412]);
      const winner = results.find((result) => result.ok)!;
      const current = expectOk(await client.getUser(client.userId));
      expect(current.name).toBe(winner.ok && winner.data.name);
      expect(current.version).toBe(2);
    });
  });

  describe('authentication', () => {
    it('refuses a request without a token (401)', async () => {
      expectProblem(await clientWithToken(runtime.url, undefined).listProducts(), 401, '/problems/unauthorized');
    });

    it('refuses a token signed by another key (401)', async () => {
      const genuine = (await signIn(runtime.url, unique('mallory'), { groups: ['admin'] })).token;
      const { privateKey } = await generateKeyPair('RS256');
      // Same header and claims as a genuine token; only the key differs.
      const forged = await new SignJWT(decodeJwt(genuine)).setProtectedHeader(decodeProtectedHeader(genuine) as { alg: string }).sign(privateKey);

      const result = await clientWithToken(runtime.url, forged).createProduct({ name: unique('forged'), priceCents: 1, stock: 1 });

      expectProblem(result, 401, '/problems/unauthorized');
      // The same request with the genuine token goes through: the key is what was refused.
      expectOk(await clientWithToken(runtime.url, genuine).createProduct({ name: unique('genuine'), priceCents: 1, stock: 1 }), 201);
    });

    it('refuses a genuine token whose payload was changed (401)', async () => {
      const victim = (await signUp('Victim')).client;
      const attacker = (await signIn(runtime.url, unique('attacker'))).token;
      const [header, payload, signature] = attacker.split('.') as [string, string, string];
      const claims = { ...(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>), sub: victim.userId };
      const tampered = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');

      const result = await clientWithToken(runtime.url, tampered).getUser(victim.userId);

      const problem = expectProblem(result, 401, '/problems/unauthorized');
      expect(JSON.stringify(problem)).not.toContain(victim.userId);
    });
  });

  describe("other users' resources", () => {
    it("answers 404 for another user's order, which its owner can read", async () => {
      const owner = await signIn(runtime.url, unique('owner'));
      const stranger = await signIn(runtime.url, unique('stranger'));
      const product = await createProduct(admin, 5);
      const order = await placeOrder(owner, product.id, 1);

      const asStranger = await stranger.getOrder(order.id);
      const cancelAsStranger = await stranger.cancelOrder(order.id);

      expect(JSON.stringify(expectProblem(asStranger, 404, '/problems/not-found'))).not.toContain(product.id);
      expectProblem(cancelAsStranger, 404, '/problems/not-found');
      expect(expectOk(await owner.getOrder(order.id)).status).not.toBe('CANCELLED');
    });

    it("answers 404 for another user's profile, which its owner can read", async () => {
      const owner = (await signUp('Owner')).client;
      const stranger = await signIn(runtime.url, unique('stranger'));

      const problem = expectProblem(await stranger.getUser(owner.userId), 404, '/problems/not-found');

      expect(JSON.stringify(problem)).not.toContain('@example.com');
      expectOk(await owner.getUser(owner.userId));
    });
  });
});
