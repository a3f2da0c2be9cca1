import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, eventually, unique } from './support/api-client';
import { expectOk, signIn } from './support/client';
import { startLocalRuntime, type RunningRuntime } from './support/local-runtime';
import { createProduct, notificationsOf, stockOf, type Order } from './support/shop';

const BUYERS = 200;
const HOT_STOCK = 50;
/** Every third order also takes one unit of a second product, which has enough for all of them. */
const SECOND_STOCK = 100;
const SETTLE_DEADLINE_MS = 120_000;
/** Requests in flight at once while the test watches (the buyers' own orders all go at once). */
const WATCH_CONCURRENCY = 8;

/**
 * Limits far above the sale's rate, so that 200 orders reach the consumers within a second or two
 * instead of being paced by the write throttle (25/s on POST /v1/orders, whose 429 other tests
 * check): the subject here is the contention behind the API. A request waits for a function
 * instance (and its answer) as long as a burst of 200 takes on a busy two-core machine. Conflict emulation and every other setting stay as `npm start`
 * has them: visibility timeouts of 180 s, so a conflicted message handed back to SQS would blow
 * the settle deadline instead of being retried quietly.
 */
const ENV = {
  ROUTE_THROTTLE_RATE: '10000',
  ROUTE_THROTTLE_BURST: '10000',
  THROTTLE_RATE: '10000',
  THROTTLE_BURST: '10000',
  BENCH_STAGE_THROTTLE_RATE: '10000',
  BENCH_STAGE_THROTTLE_BURST: '10000',
  LOCAL_INSTANCE_WAIT_MS: '150000',
  LOCAL_INTEGRATION_TIMEOUT_MS: '150000',
};

interface Conflicts {
  readonly conflictEmulation: boolean;
  readonly conflicts?: { transactionsCancelled: number; writesRejected: number; inProgress: number };
}

/** Runs `task` over `items`, at most `limit` at a time. */
const mapLimited = async <T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> => {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};

describe('a flash sale: 200 buyers, one product with stock 50, conflicts emulated', { timeout: 300_000 }, () => {
  let runtime: RunningRuntime;
  let api: ApiClient;

  beforeAll(async () => {
    runtime = await startLocalRuntime({ args: ['--quiet'], env: ENV });
    api = new ApiClient(runtime.url);
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('settles every order exactly once: 50 confirmed, the rest rejected, no stock below zero, nothing dead-lettered', async () => {
    // The API through the typed client; `api` (raw HTTP) reads the runtime's own /_local endpoints.
    const admin = await signIn(api.url, unique('admin'), { groups: ['admin'] });
    const hot = await createProduct(admin, HOT_STOCK);
    const second = await createProduct(admin, SECOND_STOCK);
    const buyers = await mapLimited(Array.from({ length: BUYERS }, () => unique('buyer')), 20, (id) => signIn(api.url, id));
    const before = (await api.get<Conflicts>('/_local/dynamodb', { apiKey: null })).body;
    expect(before.conflictEmulation).toBe(true);

    const saleStarted = Date.now();
    const placed = await Promise.all(
      buyers.map(async (buyer, index) => {
        const items = [{ productId: hot.id, quantity: 1 }, ...(index % 3 === 0 ? [{ productId: second.id, quantity: 1 }] : [])];
        const order = expectOk(await buyer.placeOrder({ items }), 201);
        return { buyer, order, withSecond: index % 3 === 0 };
      }),
    );
    const allPlacedInMs = Date.now() - saleStarted;

    // Watch the hot product's stock while the sale settles: it must never be seen below zero.
    const stockSeen: number[] = [];
    const pending = new Map(placed.map((entry) => [entry.order.id, entry]));
    const final = new Map<string, Order>();
    await eventually(
      async () => {
        stockSeen.push(await stockOf(admin, hot.id));
        await mapLimited([...pending.values()], WATCH_CONCURRENCY, async ({ buyer, order }) => {
          const current = expectOk(await buyer.getOrder(order.id));
          if (current.status !== 'PENDING') {
            final.set(order.id, current);
            pending.delete(order.id);
          }
        });
        return pending.size;
      },
      (left) => left === 0,
      { timeoutMs: SETTLE_DEADLINE_MS, intervalMs: 250, what: `all ${BUYERS} orders to leave PENDING` },
    );
    const settledAt = Math.max(...[...final.values()].map((order) => Date.parse(order.updatedAt)));

    const orders = placed.map((entry) => ({ ...entry, order: final.get(entry.order.id)! }));
    const confirmed = orders.filter(({ order }) => order.status === 'CONFIRMED');
    expect(orders.filter(({ order }) => order.status !== 'CONFIRMED' && order.status !== 'REJECTED')).toEqual([]);
    expect(confirmed).toHaveLength(HOT_STOCK);
    for (const { order } of orders.filter(({ order }) => order.status === 'REJECTED')) expect(order.reason).toMatch(/Insufficient stock/);
    expect(await stockOf(admin, hot.id)).toBe(0);
    expect(await stockOf(admin, second.id)).toBe(SECOND_STOCK - confirmed.filter((entry) => entry.withSecond).length);
    expect(Math.min(...stockSeen)).toBeGreaterThanOrEqual(0);

    // Every buyer hears of their order exactly once, with its final status.
    await mapLimited(orders, WATCH_CONCURRENCY, async ({ buyer, order }) => {
      const notifications = await eventually(
        () => notificationsOf(buyer),
        (items) => items.length >= 1,
        { timeoutMs: 30_000, intervalMs: 250, what: `the notification of ${buyer.userId}` },
      );
      expect(notifications.map((item) => item.type)).toEqual([order.status === 'CONFIRMED' ? 'OrderConfirmed' : 'OrderRejected']);
      expect(notifications[0]!.message).toContain(order.id);
    });

    const queues = await eventually(
      async () => (await api.get<{ queues: Record<string, { dlq: number; visible: number; inFlight: number }> }>('/_local/queues', { apiKey: null })).body.queues,
      (counts) => Object.values(counts).every((queue) => queue.visible === 0 && queue.inFlight === 0),
      { timeoutMs: 30_000, intervalMs: 250, what: 'every queue to be drained' },
    );
    expect(Object.fromEntries(Object.entries(queues).map(([name, queue]) => [name, queue.dlq]))).toEqual(Object.fromEntries(Object.keys(queues).map((name) => [name, 0])));

    // The contention was real: the local endpoint cancelled transactions, as DynamoDB would have.
    const after = (await api.get<Conflicts>('/_local/dynamodb', { apiKey: null })).body;
    const cancelled = after.conflicts!.transactionsCancelled - before.conflicts!.transactionsCancelled;
    const rejected = after.conflicts!.writesRejected - before.conflicts!.writesRejected;
    expect(cancelled + rejected).toBeGreaterThan(0);
    console.log(
      `flash sale: ${BUYERS} orders placed in ${(allPlacedInMs / 1000).toFixed(1)} s; the last settled ${((settledAt - saleStarted) / 1000).toFixed(1)} s after the first was sent; ` +
        `${confirmed.length} confirmed, ${BUYERS - confirmed.length} rejected; conflicts emulated: ${cancelled} transactions cancelled, ${rejected} single writes refused`,
    );
  });
});
