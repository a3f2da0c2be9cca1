import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient, eventually, unique } from './support/api-client';
import { clientWithToken, expectOk, signIn, type Client } from './support/client';
import { crash } from './support/crash';
import { startLocalRuntime, type RunningRuntime } from './support/local-runtime';
import { createProduct, placeOrder, stockOf } from './support/shop';

const ORDERS = 30;
const INITIAL_STOCK = 20;
/**
 * Every scheduled job every 2 s, a sweeper grace of 4 s and an order deadline of 45 s: what the
 * crash left behind is recovered within the test's bounds, and no order times out before the
 * crash (placing 30 orders on a busy two-core machine takes seconds, not 45).
 */
// Thirty orders placed at once wait for a placeOrder instance longer than the gateway's 3 s
// (API Gateway's answer to a throttled Lambda, which gateway-limits tests): this test is about the
// crash, so it lets them wait as the integration timeout allows.
const ENV = {
  LOCAL_JOBS_EVERY_SECONDS: '2',
  LOCAL_SWEEP_GRACE_SECONDS: '4',
  LOCAL_ORDER_DEADLINE_SECONDS: '45',
  LOCAL_INSTANCE_WAIT_MS: '25000',
  LOCAL_INTEGRATION_TIMEOUT_MS: '29000',
};
const SETTLE_DEADLINE_MS = 150_000;

describe('a crash of the whole local runtime', { timeout: 300_000 }, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crash-recovery-'));
  const running: RunningRuntime[] = [];
  const start = async () => {
    const runtime = await startLocalRuntime({ inMemory: false, args: ['--data-dir', dataDir, '--quiet'], env: ENV });
    running.push(runtime);
    return runtime;
  };

  afterAll(async () => {
    for (const runtime of running) if (runtime.child.exitCode === null && runtime.child.signalCode === null) await runtime.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no order, no unit of stock and no notification, and applies none twice', async () => {
    const first = await start();
    const admin = await signIn(first.url, unique('admin'), { groups: ['admin'] });
    let buyer: Client = await signIn(first.url, unique('buyer'));
    expectOk(await buyer.createUser({ name: 'Bea', email: `${buyer.userId}@example.com` }), 201);
    const product = await createProduct(admin, INITIAL_STOCK);
    const placed = await Promise.all(Array.from({ length: ORDERS }, () => placeOrder(buyer, product.id, 1)));

    await crash(first);
    const crashedAt = Date.now();
    const second = await start();
    const restartedAt = Date.now();
    // The same token: the signing key lives in the data directory.
    buyer = { ...clientWithToken(second.url, buyer.token), userId: buyer.userId, token: buyer.token };
    /** Raw HTTP, for the runtime's own /_local/queues, which is not the API. */
    const local = new ApiClient(second.url);

    // Polls that fail while the restarted runtime warms up count as "not yet", as a client retrying would.
    const orders = await eventually(
      async () => {
        const page = await buyer.listUserOrders({ userId: buyer.userId, limit: 100 });
        return page.ok ? page.data.items : [];
      },
      (listed) => listed.length === ORDERS && listed.every((order) => order.status !== 'PENDING'),
      { timeoutMs: SETTLE_DEADLINE_MS, intervalMs: 500, what: `the ${ORDERS} orders to be final after the crash` },
    );
    const finalAt = Date.now();
    const confirmed = orders.filter((order) => order.status === 'CONFIRMED').length;
    // Stock comes back asynchronously for orders rejected by their deadline: wait for it.
    const stock = await eventually(() => stockOf(buyer, product.id), (units) => units + confirmed === INITIAL_STOCK, {
      timeoutMs: 60_000,
      intervalMs: 500,
      what: 'stock plus confirmed quantities to equal the initial stock',
    });
    const notifications = await eventually(
      async () => {
        const page = await buyer.listUserNotifications({ userId: buyer.userId, limit: 100 });
        return page.ok ? page.data.items : [];
      },
      (items) => items.length >= ORDERS + 1,
      { timeoutMs: 60_000, intervalMs: 500, what: 'a notification per order and the welcome' },
    );
    const queues = await eventually(
      async () => (await local.get<{ queues: Record<string, { dlq: number; visible: number; inFlight: number }>; relayFailures: Record<string, { visible: number }> }>('/_local/queues')).body,
      (counts) => Object.values(counts.queues).every((queue) => queue.visible === 0 && queue.inFlight === 0),
      { timeoutMs: 30_000, intervalMs: 500, what: 'every queue to be drained' },
    );
    const settledInMs = Date.now() - crashedAt;
    console.log(`crash recovery timings: restart ${(restartedAt - crashedAt) / 1000} s, orders final ${(finalAt - crashedAt) / 1000} s, all settled ${settledInMs / 1000} s`);

    expect(new Set(orders.map((order) => order.id))).toEqual(new Set(placed.map((order) => order.id)));
    expect(stock + confirmed).toBe(INITIAL_STOCK);
    expect(confirmed).toBeLessThanOrEqual(INITIAL_STOCK);
    // Exactly one notification per order (its final state) and one welcome: none lost, none twice.
    expect(notifications).toHaveLength(ORDERS + 1);
    expect(notifications.filter((item) => item.type === 'UserSignedUp')).toHaveLength(1);
    for (const order of orders) {
      const about = notifications.filter((item) => item.message.includes(order.id));
      expect(about.map((item) => item.type), order.id).toEqual([order.status === 'CONFIRMED' ? 'OrderConfirmed' : 'OrderRejected']);
    }
    expect(Object.fromEntries(Object.entries(queues.queues).map(([name, queue]) => [name, queue.dlq]))).toEqual(
      Object.fromEntries(Object.keys(queues.queues).map((name) => [name, 0])),
    );
    expect(Object.values(queues.relayFailures).map((queue) => queue.visible)).toEqual(Object.values(queues.relayFailures).map(() => 0));

    const states = Object.fromEntries(['CONFIRMED', 'REJECTED', 'CANCELLED'].map((status) => [status, orders.filter((order) => order.status === status).length]));
    const timedOut = orders.filter((order) => order.reason === 'timeout').length;
    console.log(
      `crash recovery: ${ORDERS} orders, ${JSON.stringify(states)} (${timedOut} by deadline), stock ${stock} + confirmed ${confirmed} = ${INITIAL_STOCK}, ` +
        `${notifications.length} notifications, settled ${(settledInMs / 1000).toFixed(1)} s after the crash (restart included)`,
    );
    expect(await second.stop()).toBe(0);
  });
});
