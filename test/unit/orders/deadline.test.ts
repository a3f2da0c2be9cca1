import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { applyStockOutcome, expireOverdueOrders, updateOrder } from '../../../lambdas/orders/commands';
import { cancelOrder, confirmOrder, placeOrder, settleOrder } from '../../../lambdas/orders/orders';
import { InMemoryOrdersStore } from './in-memory-orders-store';

const PRICES = new Map([['p-1', 500]]);
let store: InMemoryOrdersStore;

const place = async (correlationId = 'corr-place') => {
  const placed = placeOrder({ userId: 'user-1', lines: [{ productId: 'p-1', quantity: 1 }] }, PRICES, { correlationId });
  await store.createOrder(placed);
  return placed.order;
};
const secondsFromNow = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2025-06-01T10:00:00.000Z') });
  store = new InMemoryOrdersStore();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the deadline of an order', () => {
  it('rejects an order still PENDING past it with reason timeout and OrderRejected, carrying the placing request’s correlation id', async () => {
    const order = await place('corr-checkout');
    vi.advanceTimersByTime(601_000);

    const report = await expireOverdueOrders(store, secondsFromNow(-600), 100);

    expect(report).toEqual({ found: 1, rejected: 1 });
    expect(store.orders.get(order.id)).toMatchObject({ status: 'REJECTED', reason: 'timeout', version: 2 });
    expect(store.events.at(-1)).toMatchObject({
      type: 'OrderRejected',
      correlationId: 'corr-checkout',
      data: { orderId: order.id, userId: 'user-1', reason: 'timeout' },
    });
  });

  it('leaves an order placed less than the deadline ago', async () => {
    const order = await place();
    vi.advanceTimersByTime(599_000);

    const report = await expireOverdueOrders(store, secondsFromNow(-600), 100);

    expect(report).toEqual({ found: 0, rejected: 0 });
    expect(store.orders.get(order.id)?.status).toBe('PENDING');
  });

  it('leaves an order that settled between the index read and the decision', async () => {
    const order = await place();
    vi.advanceTimersByTime(601_000);
    const overdue = await store.pendingSince(secondsFromNow(-600), 100);
    await applyStockOutcome(store, order.id, { reserved: true }, { correlationId: 'corr' });
    store.pendingSince = async () => overdue; // the index still shows it: it is eventually consistent

    const report = await expireOverdueOrders(store, secondsFromNow(-600), 100);

    expect(report).toEqual({ found: 1, rejected: 0 });
    expect(store.orders.get(order.id)?.status).toBe('CONFIRMED');
    expect(store.events.map((event) => event.type)).toEqual(['OrderPlaced', 'OrderConfirmed']);
  });

  it('loses cleanly to a confirmation written between its read and its write, and rejects nothing', async () => {
    const order = await place();
    vi.advanceTimersByTime(601_000);
    const getOrder = store.getOrder.bind(store);
    let raced = false;
    store.getOrder = async (id) => {
      const read = await getOrder(id);
      if (!raced && read) {
        raced = true;
        await store.saveTransition(confirmOrder(read, { correlationId: 'corr' }), read.version);
      }
      return read;
    };

    await expireOverdueOrders(store, secondsFromNow(-600), 100);

    expect(store.orders.get(order.id)?.status).toBe('CONFIRMED');
    expect(store.events.filter((event) => event.type === 'OrderRejected')).toEqual([]);
  });

  it('rejects at most the bound per run, oldest first', async () => {
    const first = await place();
    vi.advanceTimersByTime(1000);
    const second = await place();
    vi.advanceTimersByTime(1000);
    const third = await place();
    vi.advanceTimersByTime(700_000);

    await expireOverdueOrders(store, secondsFromNow(-600), 2);

    expect([first, second, third].map((order) => store.orders.get(order.id)?.status)).toEqual(['REJECTED', 'REJECTED', 'PENDING']);
  });

  it('makes a late StockReserved change nothing on a timed-out order: the inventory gives the stock back on OrderRejected', async () => {
    const order = await place();
    vi.advanceTimersByTime(601_000);
    await expireOverdueOrders(store, secondsFromNow(-600), 100);

    const settlement = settleOrder(store.orders.get(order.id)!, { reserved: true }, { correlationId: 'corr' });

    expect(settlement).toEqual({ outcome: 'ignored' });
  });

  it('makes the owner’s cancel of a timed-out order a conflict', async () => {
    const order = await place();
    vi.advanceTimersByTime(601_000);
    await expireOverdueOrders(store, secondsFromNow(-600), 100);

    await expect(updateOrder(store, order.id, (current) => ({ transition: cancelOrder(current, { correlationId: 'c' }), result: 1 }))).rejects.toThrow(
      /REJECTED and cannot be cancelled/,
    );
  });
});
