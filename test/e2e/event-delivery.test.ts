/**
 * What the event path guarantees, end to end: stock under concurrent orders, a poison message
 * parked on its DLQ without holding up the valid ones, and at-least-once delivery without double
 * effects. Messages are put on queues through the AWS SDK pointed at GET /_local/resources, the
 * way a developer would; everything else is the public API.
 *
 * The runtime runs with a small --visibility-timeout-scale so that a failing message comes back
 * (and reaches its DLQ) in seconds rather than after the declared 180 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../lib/app';
import { OrderCancelled } from '../../lambdas/orders/events';
import { createEvent } from '../../lambdas/shared/events/envelope';
import { UserSignedUp } from '../../lambdas/users/events';
import { ApiClient, eventually, unique } from './support/api-client';
import { signIn, type Client } from './support/client';
import { connectLocalAws, queueCounts, type LocalAws } from './support/local-aws';
import { startLocalRuntime, type RunningRuntime } from './support/local-runtime';
import { createProduct, notificationsOf, placeOrder, settledOrder, settledOrdersOf, stockOf, type Order } from './support/shop';

const consumer = (name: string) => {
  const found = app.consumers.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`lib/app.ts declares no consumer named ${name}`);
  return found;
};
const inventory = consumer('inventory');
const notifications = consumer('notifications');

/** An order's cancellation as the orders service publishes it (bypassing the API, which would publish its own). */
const orderCancelled = (orderId: string, userId: string) =>
  createEvent(OrderCancelled, orderId, { orderId, userId, previousStatus: 'CONFIRMED' }, unique('e2e'));

// Cold starts on a busy two-core machine: a settled order can take a while; DLQ tests wait for five receives.
describe('event delivery, end to end', { timeout: 120_000 }, () => {
  let runtime: RunningRuntime;
  /** Raw HTTP, for the runtime's own /_local endpoints (queues, resources), which are not the API. */
  let local: ApiClient;
  let aws: LocalAws;
  let admin: Client;

  beforeAll(async () => {
    // Ten orders at once, each with the Idempotency-Key the typed client sends (two more writes
    // each), wait for one of placeOrder's four instances longer than the gateway's 3 s on two busy
    // cores (API Gateway's answer to a throttled Lambda, which gateway-limits tests): this file is
    // about the event path, so its orders may wait as long as the integration timeout allows.
    runtime = await startLocalRuntime({ args: ['--visibility-timeout-scale', '0.005'], env: { LOCAL_INSTANCE_WAIT_MS: '25000' } });
    local = new ApiClient(runtime.url);
    aws = await connectLocalAws(local);
    admin = await signIn(runtime.url, unique('admin'), { groups: ['admin'] });
  });
  afterAll(async () => {
    aws?.destroy();
    await runtime?.stop();
  });

  it('confirms exactly as many concurrent orders as there is stock, and stock never goes negative', async () => {
    const buyer = await signIn(runtime.url, unique('buyer'));
    const product = await createProduct(admin, 3);

    // Sample the stock while the orders are being settled: a negative value, even briefly, is a failure.
    const samples: number[] = [];
    let sampling = true;
    const sampler = (async () => {
      const until = Date.now() + 90_000;
      while (sampling && Date.now() < until) {
        samples.push(await stockOf(buyer, product.id));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    let settled: Order[];
    try {
      const placed = await Promise.all(Array.from({ length: 10 }, () => placeOrder(buyer, product.id, 1)));
      settled = await settledOrdersOf(buyer, placed.length);
      expect(settled.map((order) => order.id).sort()).toEqual(placed.map((order) => order.id).sort());
    } finally {
      sampling = false;
      await sampler;
    }

    const statuses = settled.map((order) => order.status);
    expect(statuses.filter((status) => status === 'CONFIRMED')).toHaveLength(3);
    expect(statuses.filter((status) => status === 'REJECTED')).toHaveLength(7);
    for (const order of settled.filter((candidate) => candidate.status === 'REJECTED')) expect(order.reason).toMatch(/stock/i);
    expect(await stockOf(buyer, product.id)).toBe(0);
    expect(samples.length).toBeGreaterThan(3);
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...samples)).toBeLessThanOrEqual(3);
  });

  it('parks a malformed message on the DLQ after maxReceiveCount receives while the valid one beside it takes effect', async () => {
    const buyer = await signIn(runtime.url, unique('buyer'));
    const product = await createProduct(admin, 5);
    const order = await placeOrder(buyer, product.id, 2);
    expect((await settledOrder(buyer, order.id)).status).toBe('CONFIRMED');
    expect(await stockOf(buyer, product.id)).toBe(3);
    const { url, dlqUrl } = aws.resources.queues.inventory!;
    const dlqBefore = (await queueCounts(local, 'inventory')).dlq;

    // One burst, so that the consumer receives both in the same batch: a consumer that failed the
    // whole batch for one bad message would send the valid one round again, and to the DLQ with it.
    const malformed = `not an event ${unique('poison')}`;
    const [malformedId] = await aws.sendBurst(url, [malformed, JSON.stringify(orderCancelled(order.id, buyer.userId))]);

    await eventually(() => stockOf(buyer, product.id), (stock) => stock === 5, { timeoutMs: 30_000, what: 'the cancellation to return 2 to stock' });
    const counts = await eventually(
      () => queueCounts(local, 'inventory'),
      (current) => current.dlq === dlqBefore + 1 && current.visible === 0 && current.inFlight === 0,
      { timeoutMs: 60_000, what: 'the malformed message to reach the inventory DLQ and the queue to drain' },
    );
    expect(counts.dlq).toBe(dlqBefore + 1);

    // One receive may come back empty on a busy machine: ask again until the message shows, within a deadline.
    const parked = await eventually(
      () => aws.peek(dlqUrl),
      (messages) => messages.some((message) => message.MessageId === malformedId),
      { timeoutMs: 15_000, what: 'the malformed message to be readable on the inventory DLQ' },
    );
    const poison = parked.find((message) => message.MessageId === malformedId);
    expect(poison?.Body).toBe(malformed);
    // Received maxReceiveCount times from the queue (and once more by this peek), not moved early.
    expect(Number(poison?.Attributes?.ApproximateReceiveCount)).toBeGreaterThan(inventory.maxReceiveCount);
    expect(parked.filter((message) => message.Body !== malformed && message.Body?.includes(order.id))).toEqual([]);
    // The valid message was handled once: the stock went back to 5, not beyond.
    expect(await stockOf(buyer, product.id)).toBe(5);
  });

  it('returns stock once when the same cancellation is delivered twice', async () => {
    const buyer = await signIn(runtime.url, unique('buyer'));
    const product = await createProduct(admin, 4);
    const order = await placeOrder(buyer, product.id, 3);
    expect((await settledOrder(buyer, order.id)).status).toBe('CONFIRMED');
    const dlqBefore = (await queueCounts(local, 'inventory')).dlq;

    const cancelled = JSON.stringify(orderCancelled(order.id, buyer.userId));
    await aws.sendBurst(aws.resources.queues.inventory!.url, [cancelled, cancelled]);

    // Both copies handled and deleted (a failed one would stay in flight or move to the DLQ).
    await eventually(
      () => queueCounts(local, 'inventory'),
      (current) => current.visible === 0 && current.inFlight === 0,
      { timeoutMs: 30_000, what: 'both deliveries to be consumed' },
    );
    expect((await queueCounts(local, 'inventory')).dlq).toBe(dlqBefore);
    expect(await stockOf(buyer, product.id)).toBe(4);
  });

  it('notifies a user once when the same event is delivered twice', async () => {
    const user = await signIn(runtime.url, unique('user'));
    const { userId } = user;
    const signedUp = createEvent(UserSignedUp, userId, { userId, name: 'Twice', email: `${userId}@example.com` }, unique('e2e'));
    const dlqBefore = (await queueCounts(local, 'notifications')).dlq;

    // Straight to the queue rather than through the topic, so that both copies are known to be
    // queued: the test can then wait until both have been consumed, however the batching window groups them.
    await aws.sendBurst(aws.resources.queues.notifications!.url, [JSON.stringify(signedUp), JSON.stringify(signedUp)]);

    await eventually(
      async () => ({ counts: await queueCounts(local, 'notifications'), items: await notificationsOf(user) }),
      ({ counts, items }) => items.length > 0 && counts.visible === 0 && counts.inFlight === 0,
      { timeoutMs: 30_000 + notifications.maxBatchingWindowSeconds * 1000, what: 'the notification and both deliveries to be consumed' },
    );
    const listed = await notificationsOf(user);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: signedUp.id, type: 'UserSignedUp', message: 'Welcome, Twice!' });
    expect((await queueCounts(local, 'notifications')).dlq).toBe(dlqBefore);
  });
});
