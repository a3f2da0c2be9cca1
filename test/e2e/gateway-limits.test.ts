/**
 * The gateway's limits as API Gateway applies them, end to end: each route's method throttle from
 * the declaration, an invocation that the gateway has already answered with 504 never starting,
 * a request finding every local instance busy answered as a throttled Lambda, never run, a client
 * app's usage plan, and the summary serving what it could read when one of its parts fails. The
 * limits are lowered for these runtimes (LOCAL_* and THROTTLE_* variables) so that they are
 * reached at once.
 */
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../lib/app';
import { fullPath, routeThrottle } from '../../lib/declaration';
import { GATEWAY_PROBLEMS, gatewayProblemBody } from '../../lib/gateway-responses';
import { ApiClient, eventually, unique, type ApiResponse } from './support/api-client';
import type { FunctionStats } from '../../local/functions/function-pool';
import { startLocalRuntime, type RunningRuntime } from './support/local-runtime';
import { expectOk, expectProblem, signIn } from './support/client';
import { createProduct } from './support/shop';

const routeNamed = (id: string) => {
  const route = app.routes.find((candidate) => candidate.id === id);
  if (!route) throw new Error(`lib/app.ts declares no route ${id}`);
  return route;
};
const PROBLEM = 'application/problem+json';

const orderBurst = (api: ApiClient, token: string, productId: string, count: number): Promise<ApiResponse[]> =>
  Promise.all(Array.from({ length: count }, () => api.post('/v1/orders', { token, body: { items: [{ productId, quantity: 1 }] } })));

const statusesOf = (responses: ApiResponse[]): Record<number, number> =>
  responses.reduce<Record<number, number>>((counts, response) => ({ ...counts, [response.status]: (counts[response.status] ?? 0) + 1 }), {});

describe('the local gateway at its limits', { timeout: 120_000 }, () => {
  describe('with one instance per route', () => {
    let runtime: RunningRuntime;
    let api: ApiClient;

    beforeAll(async () => {
      runtime = await startLocalRuntime({
        env: {
          LOCAL_ROUTE_INSTANCES: '1',
          LOCAL_INSTANCE_WAIT_MS: '60000',
          // The stage's own throttle out of the way: only the routes' method throttles are measured.
          BENCH_STAGE_THROTTLE_RATE: '10000',
          BENCH_STAGE_THROTTLE_BURST: '10000',
        },
      });
      api = new ApiClient(runtime.url);
    });
    afterAll(async () => {
      await runtime?.stop();
    });

    it.each(['createUser', 'updateUser'])('applies the method throttle %s declares (or writeThrottle) in front of the authorizer', async (id) => {
      const route = routeNamed(id);
      const throttle = routeThrottle(route, app)!;
      // Well past the burst, so that what the bucket refills meanwhile (at its rate) cannot cover it.
      const count = throttle.burstLimit * 3;
      const target = fullPath(route).replace('{id}', unique('user'));

      const startedAt = Date.now();
      const responses = await Promise.all(Array.from({ length: count }, () => api.request(route.method, target, { body: {} })));
      const seconds = (Date.now() - startedAt) / 1000;

      const throttled = responses.filter((response) => response.status === 429);
      // The bucket refills while the burst is under way: what it may have let through on top of the burst.
      const refill = Math.ceil(seconds * throttle.rateLimit) + 1;
      expect(throttled.length, JSON.stringify(statusesOf(responses))).toBeGreaterThanOrEqual(Math.max(1, count - throttle.burstLimit - refill));
      expect(responses.filter((response) => response.status === 401).length).toBeLessThanOrEqual(throttle.burstLimit + refill);
      expect(throttled[0]!.headers.get('content-type')).toBe(PROBLEM);
      expect(throttled[0]!.headers.get('retry-after')).toBe('1');
      expect(throttled[0]!.body).toMatchObject({ type: '/problems/throttled', status: 429 });
    });
  });

  describe('with one instance per route and a 1 ms integration timeout', () => {
    let runtime: RunningRuntime;
    let api: ApiClient;

    beforeAll(async () => {
      // Every request times out at once: the first one to reach the idle instance has started by
      // then; every other one is still waiting for it.
      runtime = await startLocalRuntime({ env: { LOCAL_ROUTE_INSTANCES: '1', LOCAL_INSTANCE_WAIT_MS: '60000', LOCAL_INTEGRATION_TIMEOUT_MS: '1' } });
      api = new ApiClient(runtime.url);
    });
    afterAll(async () => {
      await runtime?.stop();
    });

    it('never starts an invocation it has already answered with 504', async () => {
      const buyer = await api.token(unique('buyer'));
      const count = 8;

      const responses = await orderBurst(api, buyer, unique('product'), count);

      expect(statusesOf(responses)).toEqual({ 504: count });
      expect(responses[0]!.body).toMatchObject({ type: '/problems/gateway-timeout', status: 504 });
      const stats = await eventually(
        async () => (await api.get<Record<string, FunctionStats>>('/_local/functions', { apiKey: null })).body.placeOrder!,
        (placeOrder) => placeOrder.busy === 0 && placeOrder.waiting === 0,
        { what: 'placeOrder to be idle' },
      );
      expect(stats.invocations).toBeGreaterThan(0);
      expect(stats.abandoned).toBeGreaterThan(0);
      expect(stats.invocations + stats.abandoned).toBe(count);
    });
  });

  describe('with one instance per route and no wait for a busy one', () => {
    let runtime: RunningRuntime;
    let api: ApiClient;

    beforeAll(async () => {
      runtime = await startLocalRuntime({ env: { LOCAL_ROUTE_INSTANCES: '1', LOCAL_INSTANCE_WAIT_MS: '0' } });
      api = new ApiClient(runtime.url);
    });
    afterAll(async () => {
      await runtime?.stop();
    });

    it('answers requests that find the instance busy as API Gateway answers a throttled Lambda, and runs none of them', async () => {
      const product = await createProduct(await signIn(runtime.url, unique('admin'), { groups: ['admin'] }), 100);
      const buyerId = unique('buyer');
      const buyer = await api.token(buyerId);

      const responses = await orderBurst(api, buyer, product.id, 10);

      const throttled = responses.filter((response) => response.status === 500);
      const created = responses.filter((response) => response.status === 201);
      expect(throttled.length + created.length, JSON.stringify(statusesOf(responses))).toBe(responses.length);
      expect(throttled.length).toBeGreaterThan(0);
      expect(throttled[0]!.headers.get('content-type')).toBe(PROBLEM);
      expect(throttled[0]!.body).toEqual(gatewayProblemBody(GATEWAY_PROBLEMS.DEFAULT_5XX));
      const orders = (await api.get<{ items: { id: string }[] }>(`/v1/users/${buyerId}/orders?limit=100`, { token: buyer })).body.items;
      expect(orders.map((order) => order.id).sort()).toEqual(created.map((response) => response.body.id as string).sort());
    });

    it('serves a summary with the parts it could read when one part fails, naming the missing one', async () => {
      // The API's own behaviour: through the typed client, as a frontend reads it.
      const sam = await signIn(api.url, 'summary-user');
      expectOk(await sam.createUser({ name: 'Sam', email: 'sam@example.com' }), 201);
      const whole = expectOk(await sam.getUserSummary('summary-user'));
      expect(whole).toMatchObject({ user: { id: 'summary-user', name: 'Sam' }, recentOrders: [], partial: [] });

      // Break one service: its table disappears (the last test of this runtime).
      const resources = (await api.get('/_local/resources', { apiKey: null })).body;
      const dynamodb = new DynamoDBClient({ endpoint: resources.dynamodbEndpoint, region: resources.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
      await dynamodb.send(new DeleteTableCommand({ TableName: resources.tables.notifications }));
      dynamodb.destroy();

      const partial = expectOk(await sam.getUserSummary('summary-user'));
      expect(partial).toMatchObject({ user: { id: 'summary-user' }, recentOrders: [], notifications: null, partial: ['notifications'] });
      const nobody = await signIn(api.url, 'nobody');
      expectProblem(await nobody.getUserSummary('nobody'), 404, '/problems/not-found');
    });
  });

  describe("with a client app's usage plan lowered (THROTTLE_RATE and THROTTLE_BURST)", () => {
    let runtime: RunningRuntime;
    let api: ApiClient;

    beforeAll(async () => {
      runtime = await startLocalRuntime({ env: { THROTTLE_RATE: '1', THROTTLE_BURST: '2' } });
      api = new ApiClient(runtime.url);
    });
    afterAll(async () => {
      await runtime?.stop();
    });

    it('answers 429 with Retry-After once a client app is over its limit, while another app is still served', async () => {
      const token = await api.token('throttled');
      const statuses: number[] = [];
      let throttled: Awaited<ReturnType<ApiClient['get']>> | undefined;
      for (let i = 0; i < 6 && !throttled; i += 1) {
        const response = await api.get('/v1/products', { token, apiKey: 'local-mobile-key' });
        statuses.push(response.status);
        if (response.status === 429) throttled = response;
      }
      expect(statuses.slice(0, 2)).toEqual([200, 200]);
      expect(throttled, `statuses: ${statuses.join(',')}`).toBeDefined();
      expect(throttled!.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(throttled!.body).toMatchObject({ type: '/problems/throttled', status: 429 });
      expect((await api.get('/v1/products', { token, apiKey: 'local-desktop-key' })).status).toBe(200);
    });
  });
});
