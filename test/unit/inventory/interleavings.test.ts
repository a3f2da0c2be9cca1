import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});

import {
  CancellationContendedError,
  MAX_CANCELLATION_ATTEMPTS,
  inventoryHandlers,
  releaseStock,
  reserveStock,
} from '../../../lambdas/inventory/inventory';
import type { InventoryStore } from '../../../lambdas/inventory/ports';
import { products } from '../../../lambdas/products/contract';
import { sqsConsumer } from '../../../lambdas/shared/consumer';
import { lambdaContext } from '../http-event';
import { InMemoryInventoryStore } from './in-memory-store';
import { CORRELATION_ID, orderCancelled, orderPlaced, sqsEvent } from './sqs-event';

const ORDER = 'order-1';
const placed = () => orderPlaced(ORDER, [{ productId: 'p-1', quantity: 3 }, { productId: 'p-2', quantity: 1 }]);
const cancelled = () => orderCancelled(ORDER);

let store: InMemoryInventoryStore;

beforeEach(() => {
  store = new InMemoryInventoryStore({ 'p-1': 10, 'p-2': 5 });
});

describe('reserving stock for a placed order', () => {
  it('takes every line from stock and emits StockReserved with the order correlation id', async () => {
    const outcome = await reserveStock(store, placed());

    expect(outcome).toBe('applied');
    expect(Object.fromEntries(store.stock)).toEqual({ 'p-1': 7, 'p-2': 4 });
    expect(store.reservations.get(ORDER)).toMatchObject({ status: 'RESERVED', items: [{ productId: 'p-1', quantity: 3 }, { productId: 'p-2', quantity: 1 }] });
    expect(store.events).toEqual([
      expect.objectContaining({
        type: 'StockReserved',
        source: 'products',
        subject: ORDER,
        correlationId: CORRELATION_ID,
        data: { orderId: ORDER, items: [{ productId: 'p-1', quantity: 3 }, { productId: 'p-2', quantity: 1 }] },
      }),
    ]);
  });

  it('takes nothing when one line lacks stock, and records the failure with that product', async () => {
    store.stock.set('p-2', 0);

    const outcome = await reserveStock(store, placed());

    expect(outcome).toBe('applied');
    expect(Object.fromEntries(store.stock)).toEqual({ 'p-1': 10, 'p-2': 0 });
    expect(store.reservations.get(ORDER)).toMatchObject({ status: 'FAILED', productId: 'p-2', reason: 'Insufficient stock for product p-2' });
    expect(store.events).toEqual([
      expect.objectContaining({
        type: 'StockReservationFailed',
        correlationId: CORRELATION_ID,
        data: { orderId: ORDER, productId: 'p-2', reason: 'Insufficient stock for product p-2' },
      }),
    ]);
  });

  it('records an unknown product as such', async () => {
    const outcome = await reserveStock(store, orderPlaced(ORDER, [{ productId: 'p-404', quantity: 1 }]));

    expect(outcome).toBe('applied');
    expect(store.events[0]).toMatchObject({ type: 'StockReservationFailed', data: { productId: 'p-404', reason: 'Unknown product p-404' } });
  });

  it('changes nothing and emits nothing when the same OrderPlaced arrives again', async () => {
    await reserveStock(store, placed());

    const outcome = await reserveStock(store, placed());

    expect(outcome).toBe('duplicate');
    expect(Object.fromEntries(store.stock)).toEqual({ 'p-1': 7, 'p-2': 4 });
    expect(store.eventTypes()).toEqual(['StockReserved']);
  });

  it('changes nothing when a failed order arrives again, even if stock has come back since', async () => {
    store.stock.set('p-2', 0);
    await reserveStock(store, placed());
    store.stock.set('p-2', 5);

    const outcome = await reserveStock(store, placed());

    expect(outcome).toBe('duplicate');
    expect(Object.fromEntries(store.stock)).toEqual({ 'p-1': 10, 'p-2': 5 });
    expect(store.eventTypes()).toEqual(['StockReservationFailed']);
  });

  it('lets a concurrent delivery that recorded the order first win the failure record', async () => {
    store.stock.set('p-2', 0);
    store.before.recordFailure = () => reserveStock(store, placed());

    const outcome = await reserveStock(store, placed());

    expect(outcome).toBe('duplicate');
    expect(store.eventTypes()).toEqual(['StockReservationFailed']);
  });

  it('never takes stock below zero when two orders compete for the last units', async () => {
    store.stock.set('p-1', 3);

    const outcomes = await Promise.all([
      reserveStock(store, orderPlaced('order-a', [{ productId: 'p-1', quantity: 2 }])),
      reserveStock(store, orderPlaced('order-b', [{ productId: 'p-1', quantity: 2 }])),
    ]);

    expect(outcomes).toEqual(['applied', 'applied']);
    expect(store.stock.get('p-1')).toBe(1);
    expect(store.eventTypes().sort()).toEqual(['StockReservationFailed', 'StockReserved']);
    expect(store.stockHistory.every((units) => units >= 0)).toBe(true);
  });
});

describe('releasing stock for a cancelled order', () => {
  it('(a) leaves a tombstone when OrderCancelled comes first, so the late OrderPlaced reserves nothing', async () => {
    const cancelOutcome = await releaseStock(store, cancelled());
    const placeOutcome = await reserveStock(store, placed());

    expect(cancelOutcome).toBe('applied');
    expect(placeOutcome).toBe('ignored');
    expect(store.reservations.get(ORDER)).toMatchObject({ status: 'CANCELLED', items: [] });
    expect(Object.fromEntries(store.stock)).toEqual({ 'p-1': 10, 'p-2': 5 });
    expect(store.events).toEqual([]);
  });

  it('(b) gives the stock back once when OrderCancelled follows OrderPlaced', async () => {
    await reserveStock(store, placed());

    const outcome = await releaseStock(store, cancelled());

    expect(outcome).toBe('applied');
    expect(Object.fromEntries(store.stock)).toEqual({ 'p-1': 10, 'p-2': 5 });
    expect(store.reservations.get(ORDER)).toMatchObject({ status: 'RELEASED' });
    expect(store.events[1]).toMatchObject({
      type: 'StockReleased',
      source: 'products',
      subject: ORDER,
      correlationId: CORRELATION_ID,
      data: { orderId: ORDER, items: [{ productId: 'p-1', quantity: 3 }, { productId: 'p-2', quantity: 1 }] },
    });
  });

  it('(c) releases once when OrderCancelled is delivered twice', async () => {
    await reserveStock(store, placed());
    await releaseStock(store, cancelled());

    const outcome = await releaseStock(store, cancelled());

    expect(outcome).toBe('duplicate');
    expect(Object.fromEntries(store.stock)).toEqual({ 'p-1': 10, 'p-2': 5 });
    expect(store.eventTypes()).toEqual(['StockReserved', 'StockReleased']);
  });

  it('(d) does not give stock back twice when a concurrent duplicate releases between the read and the write', async () => {
    await reserveStock(store, placed());
    store.before.release = () => releaseStock(store, cancelled());

    const outcome = await releaseStock(store, cancelled());

    expect(outcome).toBe('duplicate');
    expect(Object.fromEntries(store.stock)).toEqual({ 'p-1': 10, 'p-2': 5 });
    expect(store.eventTypes()).toEqual(['StockReserved', 'StockReleased']);
  });

  it('releases the reservation when OrderPlaced lands between its read and its tombstone', async () => {
    store.before.recordCancellation = () => reserveStock(store, placed());

    const outcome = await releaseStock(store, cancelled());

    expect(outcome).toBe('applied');
    expect(store.reservations.get(ORDER)).toMatchObject({ status: 'RELEASED' });
    expect(Object.fromEntries(store.stock)).toEqual({ 'p-1': 10, 'p-2': 5 });
    expect(store.eventTypes()).toEqual(['StockReserved', 'StockReleased']);
  });

  it('does nothing for an order whose reservation failed', async () => {
    store.stock.set('p-2', 0);
    await reserveStock(store, placed());

    const outcome = await releaseStock(store, cancelled());

    expect(outcome).toBe('ignored');
    expect(Object.fromEntries(store.stock)).toEqual({ 'p-1': 10, 'p-2': 0 });
    expect(store.eventTypes()).toEqual(['StockReservationFailed']);
  });

  it('gives up after a bounded number of lost races, so SQS retries the message later', async () => {
    // A record the tombstone keeps colliding with, yet no read ever sees: only a broken store does this.
    const contended: InventoryStore = {
      getReservation: vi.fn(async () => undefined),
      reserve: vi.fn(),
      recordFailure: vi.fn(),
      release: vi.fn(),
      recordCancellation: vi.fn(async () => 'already-recorded' as const),
    };

    await expect(releaseStock(contended, cancelled())).rejects.toBeInstanceOf(CancellationContendedError);
    expect(contended.recordCancellation).toHaveBeenCalledTimes(MAX_CANCELLATION_ATTEMPTS);
  });
});

describe('any delivery order of OrderPlaced and OrderCancelled, each delivered twice', () => {
  const orderings = [...new Set(permutations(['P', 'P', 'C', 'C']).map((order) => order.join('')))];

  it.each(orderings)('%s ends with all stock back and at most one reservation and one release', async (ordering) => {
    for (const step of ordering) {
      await (step === 'P' ? reserveStock(store, placed()) : releaseStock(store, cancelled()));
    }

    expect(Object.fromEntries(store.stock)).toEqual({ 'p-1': 10, 'p-2': 5 });
    expect(store.stockHistory.every((units) => units >= 0)).toBe(true);
    const types = store.eventTypes();
    expect(types.filter((type) => type === 'StockReserved').length).toBeLessThanOrEqual(1);
    expect(types.filter((type) => type === 'StockReleased')).toHaveLength(types.filter((type) => type === 'StockReserved').length);
  });
});

describe('the consumer over the inventory handlers', () => {
  it('settles an OrderPlaced and its OrderCancelled arriving in the same batch, whichever runs first', async () => {
    const handler = sqsConsumer(products.consumers.inventory, inventoryHandlers(store));

    const response = await handler(sqsEvent(placed(), cancelled()), lambdaContext);

    expect(response.batchItemFailures).toEqual([]);
    expect(Object.fromEntries(store.stock)).toEqual({ 'p-1': 10, 'p-2': 5 });
    expect(['RELEASED', 'CANCELLED']).toContain(store.reservations.get(ORDER)?.status);
  });
});

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}
