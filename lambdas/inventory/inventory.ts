import { nowIso } from '../shared/clock';
import type { EventHandlers, Outcome } from '../shared/consumer';
import { createEvent, type Envelope } from '../shared/events/envelope';
import type { OrderCancelled, OrderPlaced, OrderRejected } from '../orders/events';
import type { inventory } from '../products/contract';
import { StockReleased, StockReservationFailed, StockReserved } from '../products/events';
import type { InventoryStore } from './ports';

/**
 * The inventory consumer: stock is taken when an order is placed and given back when it is
 * cancelled or rejected (by its deadline: an order rejected for want of stock holds none). SQS delivers at least once and in any order, so every decision rests on the order's
 * reservation record, which conditional writes make the single source of truth for "was this
 * order handled, and how".
 */
export type ReservationStatus = 'RESERVED' | 'FAILED' | 'RELEASED' | 'CANCELLED';

export interface ReservedLine {
  readonly productId: string;
  readonly quantity: number;
}

export interface Reservation {
  readonly orderId: string;
  readonly status: ReservationStatus;
  /** What was (or would have been) taken from stock; empty on a CANCELLED tombstone. */
  readonly items: readonly ReservedLine[];
  /** FAILED only: the line that could not be reserved, and why. */
  readonly productId?: string;
  readonly reason?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type RefusalCause = 'insufficient-stock' | 'unknown-product';

export type ReserveResult =
  | { readonly kind: 'reserved' }
  /** The order's reservation record already existed: nothing was written. */
  | { readonly kind: 'already-recorded' }
  /** A line's condition failed: nothing was written. */
  | { readonly kind: 'refused'; readonly productId: string; readonly cause: RefusalCause };

/**
 * TransactWriteItems takes at most 100 items: one per line, plus the reservation and the outbox.
 * The orders API caps an order far below this; the check turns a producer bug into a clear error.
 */
export const MAX_RESERVATION_LINES = 98;

/**
 * One line per product: a transaction may not touch the same item twice, and the event schema,
 * unlike the orders API, does not forbid repeating a product.
 */
export const reservationLines = (items: readonly ReservedLine[]): ReservedLine[] => {
  const quantities = new Map<string, number>();
  for (const { productId, quantity } of items) quantities.set(productId, (quantities.get(productId) ?? 0) + quantity);
  const lines = [...quantities].map(([productId, quantity]) => ({ productId, quantity }));
  if (lines.length > MAX_RESERVATION_LINES) {
    throw new Error(`An order of ${lines.length} products cannot be reserved in one transaction (at most ${MAX_RESERVATION_LINES})`);
  }
  return lines;
};

export const refusalReason = (productId: string, cause: RefusalCause): string =>
  cause === 'unknown-product' ? `Unknown product ${productId}` : `Insufficient stock for product ${productId}`;

/** An OrderPlaced that found the order's record: a redelivery, or a cancellation that got there first. */
export const outcomeOfRecordedOrder = (existing: Reservation | undefined): Outcome =>
  existing?.status === 'CANCELLED' ? 'ignored' : 'duplicate';

export type CancellationDecision =
  | { readonly kind: 'release'; readonly reservation: Reservation }
  /** OrderCancelled overtook OrderPlaced: leave a tombstone so the late OrderPlaced reserves nothing. */
  | { readonly kind: 'tombstone' }
  | { readonly kind: 'nothing'; readonly outcome: Outcome };

export const decideCancellation = (reservation: Reservation | undefined): CancellationDecision => {
  if (!reservation) return { kind: 'tombstone' };
  switch (reservation.status) {
    case 'RESERVED':
      return { kind: 'release', reservation };
    case 'RELEASED':
    case 'CANCELLED':
      return { kind: 'nothing', outcome: 'duplicate' };
    case 'FAILED':
      // Nothing was ever taken from stock, so there is nothing to give back.
      return { kind: 'nothing', outcome: 'ignored' };
  }
};

/**
 * How often OrderCancelled re-reads after losing a race with OrderPlaced before giving up and
 * letting SQS retry. One re-read settles it (records are never deleted); the bound is a guard.
 */
export const MAX_CANCELLATION_ATTEMPTS = 3;

export class CancellationContendedError extends Error {
  constructor(orderId: string) {
    super(`The reservation of order ${orderId} kept changing while it was being cancelled`);
    this.name = 'CancellationContendedError';
  }
}

export const reserveStock = async (store: InventoryStore, placed: Envelope<typeof OrderPlaced>): Promise<Outcome> => {
  const { orderId } = placed.data;
  const items = reservationLines(placed.data.items);
  const now = nowIso();
  const reservation: Reservation = { orderId, status: 'RESERVED', items, createdAt: now, updatedAt: now };
  const result = await store.reserve(reservation, createEvent(StockReserved, orderId, { orderId, items }, placed.correlationId));
  if (result.kind === 'reserved') return 'applied';
  if (result.kind === 'already-recorded') return outcomeOfRecordedOrder(await store.getReservation(orderId));

  const { productId, cause } = result;
  const reason = refusalReason(productId, cause);
  const failed: Reservation = { ...reservation, status: 'FAILED', productId, reason };
  const event = createEvent(StockReservationFailed, orderId, { orderId, productId, reason }, placed.correlationId);
  if ((await store.recordFailure(failed, event)) === 'written') return 'applied';
  return outcomeOfRecordedOrder(await store.getReservation(orderId));
};

/**
 * Gives back what an order holds once it will never be confirmed: cancelled by its owner, or
 * rejected by its deadline. Whichever of OrderPlaced and this event the inventory sees first, and
 * however often, the stock comes back exactly once (or is never taken).
 */
export const releaseStock = async (
  store: InventoryStore,
  cancelled: Envelope<typeof OrderCancelled> | Envelope<typeof OrderRejected>,
): Promise<Outcome> => {
  const { orderId } = cancelled.data;
  for (let attempt = 1; attempt <= MAX_CANCELLATION_ATTEMPTS; attempt += 1) {
    const decision = decideCancellation(await store.getReservation(orderId));
    if (decision.kind === 'nothing') return decision.outcome;

    const now = nowIso();
    if (decision.kind === 'release') {
      const { reservation } = decision;
      const released: Reservation = { ...reservation, status: 'RELEASED', updatedAt: now };
      const event = createEvent(StockReleased, orderId, { orderId, items: [...reservation.items] }, cancelled.correlationId);
      // RESERVED only ever becomes RELEASED, so losing the condition means a concurrent delivery released it.
      return (await store.release(released, event)) === 'written' ? 'applied' : 'duplicate';
    }

    const tombstone: Reservation = { orderId, status: 'CANCELLED', items: [], createdAt: now, updatedAt: now };
    if ((await store.recordCancellation(tombstone)) === 'written') return 'applied';
    // OrderPlaced landed between the read and the write: decide again on what it recorded.
  }
  throw new CancellationContendedError(orderId);
};

/**
 * What a message's handling writes, so that the consumer runs the records of one batch that share
 * an item one after the other (sqsConsumer's `itemsWrittenBy`): a reservation takes stock from
 * each of its products, and every event writes its order's reservation record. A release's
 * products are known only once its reservation is read; releases are rare beside reservations,
 * and a conflict of theirs is retried like any other.
 */
export const itemsWrittenBy = (event: Envelope<typeof OrderPlaced> | Envelope<typeof OrderCancelled> | Envelope<typeof OrderRejected>): string[] => [
  `order:${event.data.orderId}`,
  ...(event.type === 'OrderPlaced' ? event.data.items.map((line) => `product:${line.productId}`) : []),
];

/** The consumer's handlers over a given store: the Lambda wires DynamoDB, tests wire a fake. */
export const inventoryHandlers = (store: InventoryStore): EventHandlers<typeof inventory> => ({
  OrderPlaced: (event) => reserveStock(store, event),
  OrderCancelled: (event) => releaseStock(store, event),
  OrderRejected: (event) => releaseStock(store, event),
});
