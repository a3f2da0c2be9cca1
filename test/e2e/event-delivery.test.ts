/**
 * What the event path guarantees, end to end: stock under concurrent orders, a poison message
 * parked on its DLQ without holding up the valid ones, and at-least-once delivery without double
 * effects. Messages are put on queues through the AWS SDK pointed at GET /_local/resources, the
 * way a developer would; everything else is the public API.
 *
 * The runtime, shared with the other files of the e2e-scaled project (support/scaled-runtime.ts),
 * runs with a small --visibility-timeout-scale so that a failing message comes back (and reaches
 * its DLQ) in seconds rather than after the declared 180 s. Those files run before or after this
 * one, never beside it, but leave messages behind (parked, or redriven and on their way back to a
 * DLQ): each test finds its own by id, and waits for a queue to drain before it reads its DLQ.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../lib/app';
import { OrderCancelled } from '../../lambdas/orders/events';
import { createEvent } from '../../lambdas/shared/events/envelope';
import { UserSignedUp } from '../../lambdas/users/events';
import { ApiClient, eventually, unique } from './support/api-client';
import { signIn, type Client } from './support/client';
import { connectLocalAws, parkedMessages, queueCounts, type LocalAws } from './support/local-aws';
import { sharedLocalRuntime } from './support/shared-local-runtime';
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
  let runtime: ReturnType<typeof sharedLocalRuntime>;
  /** Raw HTTP, for the runtime's own /_local endpoints (queues, resources), which are not the API. */
  let local: ApiClient;
  let aws: LocalAws;
  let admin: Client;

  beforeAll(async () => {
    // Ten orders at once, each with the Idempotency-Key the typed client sends (two more writes
    // each), wait for one of placeOrder's four instances longer than the gateway's 3 s on two busy
    // cores: the scaled runtime lets them wait as long as the integration timeout allows.
    runtime = sharedLocalRuntime();
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
    const { url } = aws.resources.queues.inventory!;

    // One burst, so that the consumer receives both in the same batch: a consumer that failed the
    // whole batch for one bad message would send the valid one round again, and to the DLQ with it.
    const malformed = `not an event ${unique('poison')}`;
    const [malformedId] = await aws.sendBurst(url, [malformed, JSON.stringify(orderCancelled(order.id, buyer.userId))]);

    await eventually(() => stockOf(buyer, product.id), (stock) => stock === 5, { timeoutMs: 30_000, what: 'the cancellation to return 2 to stock' });
    const { parked } = await eventually(
      async () => ({ counts: await queueCounts(local, 'inventory'), parked: await parkedMessages(aws, local, 'inventory') }),
      ({ counts, parked }) => counts.visible === 0 && counts.inFlight === 0 && parked.some((message) => message.MessageId === malformedId),
      { timeoutMs: 60_000, what: 'the malformed message to reach the inventory DLQ and the queue to drain' },
    );

    // Of this test's two messages, the malformed one alone was parked; what else is there, other tests left.
    const ours = parked.filter((message) => message.MessageId === malformedId || message.Body?.includes(order.id));
    expect(ours.map((message) => message.MessageId)).toEqual([malformedId]);
    expect(ours[0]!.Body).toBe(malformed);
    // Received maxReceiveCount times from the queue (and more by the peeks), not moved early.
    expect(Number(ours[0]!.Attributes?.ApproximateReceiveCount)).toBeGreaterThan(inventory.maxReceiveCount);
    // The valid message was handled once: the stock went back to 5, not beyond.
    expect(await stockOf(buyer, product.id)).toBe(5);
  });

  it('returns stock once when the same cancellation is delivered twice', async () => {
    const buyer = await signIn(runtime.url, unique('buyer'));
    const product = await createProduct(admin, 4);
    const order = await placeOrder(buyer, product.id, 3);
    expect((await settledOrder(buyer, order.id)).status).toBe('CONFIRMED');

    const cancelled = JSON.stringify(orderCancelled(order.id, buyer.userId));
    await aws.sendBurst(aws.resources.queues.inventory!.url, [cancelled, cancelled]);

    // Both copies handled and deleted (a failed one would stay in flight or move to the DLQ).
    await eventually(
      () => queueCounts(local, 'inventory'),
      (current) => current.visible === 0 && current.inFlight === 0,
      { timeoutMs: 30_000, what: 'both deliveries to be consumed' },
    );
    expect((await parkedMessages(aws, local, 'inventory')).filter((message) => message.Body?.includes(order.id))).toEqual([]);
    expect(await stockOf(buyer, product.id)).toBe(4);
  });

  it('notifies a user once when the same event is delivered twice', async () => {
    const user = await signIn(runtime.url, unique('user'));
    const { userId } = user;
    const signedUp = createEvent(UserSignedUp, userId, { userId, name: 'Twice', email: `${userId}@example.com` }, unique('e2e'));

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
    expect((await parkedMessages(aws, local, 'notifications')).filter((message) => message.Body?.includes(signedUp.id))).toEqual([]);
  });
});
