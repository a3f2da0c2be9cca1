import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { inventoryHandlers } from '../../../lambdas/inventory/inventory';
import { applyStockOutcome, expireOverdueOrders, updateOrder } from '../../../lambdas/orders/commands';
import { cancelOrder, placeOrder } from '../../../lambdas/orders/orders';
import type { Envelope } from '../../../lambdas/shared/events/envelope';
import { InMemoryInventoryStore } from '../inventory/in-memory-store';
import { InMemoryOrdersStore } from '../orders/in-memory-orders-store';

/**
 * One order through both services, with every message on its way (OrderPlaced, StockReserved or
 * StockReservationFailed, OrderCancelled, OrderRejected) delivered in an order fast-check picks,
 * some of them twice, with the owner's cancel and the deadline firing at any point in between.
 * Whatever the interleaving, once every message has been delivered the order is final and the
 * stock is whole: units on the shelf plus units held for a CONFIRMED order equal the initial stock.
 */
const QUANTITY = 2;
const FAR_FUTURE = '9999-12-31T00:00:00.000Z';

type Step =
  | { readonly kind: 'deliver'; readonly pick: number }
  | { readonly kind: 'redeliver'; readonly pick: number }
  | { readonly kind: 'deadline' }
  | { readonly kind: 'cancel' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('redeliver' as const), pick: fc.nat() }),
  fc.constant({ kind: 'deadline' as const }),
  fc.constant({ kind: 'cancel' as const }),
);

const run = async (initialStock: number, steps: readonly Step[]) => {
  const orders = new InMemoryOrdersStore();
  const inventory = new InMemoryInventoryStore({ 'p-1': initialStock });
  const handlers = inventoryHandlers(inventory);
  const inFlight: Envelope[] = [];
  const delivered: Envelope[] = [];
  let seenOrders = 0;
  let seenInventory = 0;
  // What each write published reaches the queues of the services that consume it.
  const collect = () => {
    inFlight.push(...orders.events.slice(seenOrders).filter((event) => ['OrderPlaced', 'OrderCancelled', 'OrderRejected'].includes(event.type)));
    inFlight.push(...inventory.events.slice(seenInventory).filter((event) => ['StockReserved', 'StockReservationFailed'].includes(event.type)));
    seenOrders = orders.events.length;
    seenInventory = inventory.events.length;
  };
  const deliver = async (event: Envelope) => {
    const data = event.data as { orderId: string; reason?: string };
    switch (event.type) {
      case 'OrderPlaced':
        await handlers.OrderPlaced(event as never);
        break;
      case 'OrderCancelled':
        await handlers.OrderCancelled(event as never);
        break;
      case 'OrderRejected':
        await handlers.OrderRejected(event as never);
        break;
      case 'StockReserved':
        await applyStockOutcome(orders, data.orderId, { reserved: true }, { correlationId: event.correlationId });
        break;
      case 'StockReservationFailed':
        await applyStockOutcome(orders, data.orderId, { reserved: false, reason: String(data.reason) }, { correlationId: event.correlationId });
        break;
    }
    collect();
  };

  const placed = placeOrder({ userId: 'user-1', lines: [{ productId: 'p-1', quantity: QUANTITY }] }, new Map([['p-1', 100]]), { correlationId: 'corr' });
  await orders.createOrder(placed);
  collect();
  const orderId = placed.order.id;

  for (const next of steps) {
    if (next.kind === 'deliver' && inFlight.length > 0) {
      const [event] = inFlight.splice(next.pick % inFlight.length, 1);
      delivered.push(event!);
      await deliver(event!);
    } else if (next.kind === 'redeliver' && delivered.length > 0) {
      await deliver(delivered[next.pick % delivered.length]!);
    } else if (next.kind === 'deadline') {
      await expireOverdueOrders(orders, FAR_FUTURE, 10);
      collect();
    } else if (next.kind === 'cancel') {
      const order = await orders.getOrder(orderId);
      if (order?.status === 'PENDING' || order?.status === 'CONFIRMED') {
        await updateOrder(orders, orderId, (current) => ({ transition: cancelOrder(current, { correlationId: 'corr' }), result: undefined }));
        collect();
      }
    }
  }
  // The deadline always fires in the end, and SQS delivers everything eventually.
  await expireOverdueOrders(orders, FAR_FUTURE, 10);
  collect();
  while (inFlight.length > 0) await deliver(inFlight.shift()!);

  return { order: (await orders.getOrder(orderId))!, inventory, reservation: inventory.reservations.get(orderId) };
};

describe('every interleaving of reserve, reject by deadline, cancel and duplicate delivery', () => {
  it('ends with the order final and stock plus confirmed quantities equal to the initial stock, released exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 4 }), fc.array(step, { maxLength: 14 }), async (initialStock, steps) => {
        const { order, inventory, reservation } = await run(initialStock, steps);

        expect(['CONFIRMED', 'REJECTED', 'CANCELLED']).toContain(order.status);
        const held = order.status === 'CONFIRMED' ? QUANTITY : 0;
        expect(inventory.stock.get('p-1')! + held).toBe(initialStock);
        expect(inventory.stockHistory.every((units) => units >= 0)).toBe(true);
        const types = inventory.eventTypes();
        const reserved = types.filter((type) => type === 'StockReserved').length;
        expect(reserved).toBeLessThanOrEqual(1);
        expect(types.filter((type) => type === 'StockReleased')).toHaveLength(order.status === 'CONFIRMED' ? 0 : reserved);
        expect(reservation?.status === 'RESERVED').toBe(order.status === 'CONFIRMED');
      }),
      { numRuns: 400 },
    );
  });

  it('releases the stock of an order rejected by its deadline when its StockReserved arrives after the rejection', async () => {
    // OrderPlaced reaches the inventory, the deadline fires, then StockReserved reaches the orders service.
    const { order, inventory } = await run(5, [{ kind: 'deliver', pick: 0 }, { kind: 'deadline' }, { kind: 'deliver', pick: 0 }]);

    expect(order).toMatchObject({ status: 'REJECTED', reason: 'timeout' });
    expect(inventory.stock.get('p-1')).toBe(5);
    expect(inventory.eventTypes()).toEqual(['StockReserved', 'StockReleased']);
  });
});
