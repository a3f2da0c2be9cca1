import { nowIso } from '../shared/clock';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../shared/errors';
import type * as z from 'zod/mini';
import type { Actor } from '../shared/actor';
import { createEvent, type EnvelopeOf } from '../shared/events/envelope';
import { newId } from '../shared/ids';
import { OrderCancelled, OrderConfirmed, OrderPlaced, OrderRejected } from './events';

export type OrderStatus = 'PENDING' | 'CONFIRMED' | 'REJECTED' | 'CANCELLED';

export interface OrderLine {
  productId: string;
  quantity: number;
}

export interface OrderItem extends OrderLine {
  /** The product's price when the order was placed: later price changes do not touch placed orders. */
  unitPriceCents: number;
}

export interface Order {
  id: string;
  userId: string;
  items: OrderItem[];
  totalCents: number;
  status: OrderStatus;
  /** Why stock could not be reserved; only on REJECTED orders. */
  reason?: string;
  createdAt: string;
  updatedAt: string;
  /** Bumped by every transition; the store's optimistic-concurrency condition. */
  version: number;
}

type OrderEvent = typeof OrderPlaced | typeof OrderCancelled | typeof OrderConfirmed | typeof OrderRejected;

/** A state change and the event it causes: the store writes both in one transaction, or neither. */
export interface Transition<E extends OrderEvent = OrderEvent> {
  order: Order;
  event: EnvelopeOf<E>;
}

/** Where the change came from: the request or event whose correlation id the new event carries. */
export interface Origin {
  correlationId: string;
}


/** Every transition not listed here is refused; REJECTED and CANCELLED are final. */
const NEXT_STATUSES: Record<OrderStatus, readonly OrderStatus[]> = {
  PENDING: ['CONFIRMED', 'REJECTED', 'CANCELLED'],
  CONFIRMED: ['CANCELLED'],
  REJECTED: [],
  CANCELLED: [],
};

export const canTransition = (from: OrderStatus, to: OrderStatus): boolean => NEXT_STATUSES[from].includes(to);

const VERB_OF: Record<OrderStatus, string> = {
  PENDING: 'placed',
  CONFIRMED: 'confirmed',
  REJECTED: 'rejected',
  CANCELLED: 'cancelled',
};

const moveTo = (order: Order, to: OrderStatus, changes: Partial<Pick<Order, 'reason'>> = {}): Order => {
  if (!canTransition(order.status, to)) {
    throw new ConflictError(`Order ${order.id} is ${order.status} and cannot be ${VERB_OF[to]}.`);
  }
  return { ...order, ...changes, status: to, updatedAt: nowIso(), version: order.version + 1 };
};

const eventOf = <E extends OrderEvent>(declaration: E, order: Order, data: z.input<E['data']>, origin: Origin) =>
  createEvent(declaration, order.id, data, origin.correlationId) as EnvelopeOf<E>;

export const totalOf = (items: readonly OrderItem[]): number =>
  items.reduce((total, item) => total + item.quantity * item.unitPriceCents, 0);

/**
 * Builds a PENDING order priced from `prices` (product id -> unit price in cents). Every product
 * must be priced: an order for something that does not exist is refused as a whole.
 */
export const placeOrder = (
  request: { userId: string; lines: readonly OrderLine[] },
  prices: ReadonlyMap<string, number>,
  origin: Origin,
): Transition<typeof OrderPlaced> => {
  const unknown = request.lines.filter((line) => !prices.has(line.productId)).map((line) => line.productId);
  if (unknown.length > 0) throw new UnprocessableError(`These products do not exist: ${unknown.join(', ')}.`);

  const items = request.lines.map((line) => ({
    productId: line.productId,
    quantity: line.quantity,
    unitPriceCents: prices.get(line.productId)!,
  }));
  const now = nowIso();
  const order: Order = {
    id: newId(),
    userId: request.userId,
    items,
    totalCents: totalOf(items),
    status: 'PENDING',
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const event = eventOf(OrderPlaced, order, { orderId: order.id, userId: order.userId, items, totalCents: order.totalCents }, origin);
  return { order, event };
};

export const cancelOrder = (order: Order, origin: Origin): Transition<typeof OrderCancelled> => {
  const next = moveTo(order, 'CANCELLED');
  // moveTo only lets PENDING and CONFIRMED through, which is all OrderCancelled may carry.
  const previousStatus = order.status as 'PENDING' | 'CONFIRMED';
  return { order: next, event: eventOf(OrderCancelled, next, { orderId: next.id, userId: next.userId, previousStatus }, origin) };
};

export const confirmOrder = (order: Order, origin: Origin): Transition<typeof OrderConfirmed> => {
  const next = moveTo(order, 'CONFIRMED');
  return { order: next, event: eventOf(OrderConfirmed, next, { orderId: next.id, userId: next.userId }, origin) };
};

/** The reason of an order rejected because it stayed PENDING past its deadline. */
const ORDER_TIMEOUT_REASON = 'timeout';

export const rejectOrder = (order: Order, reason: string, origin: Origin): Transition<typeof OrderRejected> => {
  const next = moveTo(order, 'REJECTED', { reason });
  return { order: next, event: eventOf(OrderRejected, next, { orderId: next.id, userId: next.userId, reason }, origin) };
};

/** What the inventory said about an order's stock. */
export type StockOutcome = { reserved: true } | { reserved: false; reason: string };

/**
 * The order's reaction to the inventory's answer. Only a PENDING order changes. A settled one
 * (CONFIRMED/REJECTED) means this answer was already applied: a redelivery. A CANCELLED one, or
 * one rejected by its deadline, needs nothing either: the inventory releases any stock it took
 * when it sees OrderCancelled or OrderRejected, whichever way its messages interleave.
 */
export type Settlement =
  | { outcome: 'applied'; transition: Transition<typeof OrderConfirmed | typeof OrderRejected> }
  | { outcome: 'duplicate' | 'ignored' };

export const settleOrder = (order: Order, stock: StockOutcome, origin: Origin): Settlement => {
  switch (order.status) {
    case 'PENDING':
      return {
        outcome: 'applied',
        transition: stock.reserved ? confirmOrder(order, origin) : rejectOrder(order, stock.reason, origin),
      };
    case 'CANCELLED':
      return { outcome: 'ignored' };
    case 'REJECTED':
      return { outcome: order.reason === ORDER_TIMEOUT_REASON ? 'ignored' : 'duplicate' };
    case 'CONFIRMED':
      return { outcome: 'duplicate' };
  }
};

/**
 * An order past its deadline: a PENDING one is rejected with reason `timeout`; any other has
 * settled in the meantime and stays as it is.
 */
export const expireOrder = (order: Order, origin: Origin): Transition<typeof OrderRejected> | undefined =>
  order.status === 'PENDING' ? rejectOrder(order, ORDER_TIMEOUT_REASON, origin) : undefined;

/**
 * Owners and admins may read an order. Anyone else is told it does not exist, with the same
 * error as a missing order, so ids cannot be probed.
 */
export const assertCanRead = (order: Order, actor: Actor): void => {
  if (order.userId !== actor.id && !actor.isAdmin) throw new NotFoundError('Order');
};

/** Only the owner may cancel. An admin can see the order anyway, so they get 403 rather than 404. */
export const assertCanCancel = (order: Order, actor: Actor): void => {
  if (order.userId === actor.id) return;
  if (actor.isAdmin) throw new ForbiddenError('Only the owner of an order may cancel it.');
  throw new NotFoundError('Order');
};
