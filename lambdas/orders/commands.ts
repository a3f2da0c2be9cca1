import { ConflictError, NotFoundError, UnprocessableError } from '../shared/errors';
import { expireOrder, placeOrder, settleOrder, type Order, type OrderLine, type Origin, type StockOutcome, type Transition } from './orders';
import { OrderChangedError, OrderKeyTakenError, type OrderKey, type OrdersStore, type PriceList } from './ports';

/** The same Idempotency-Key was used before for a request with other lines. */
export class OrderKeyReusedError extends UnprocessableError {
  constructor() {
    super('This Idempotency-Key was already used for a different order; send a new key for a new request.');
  }
}

const sameLines = (order: Order, lines: readonly OrderLine[]): boolean =>
  order.items.length === lines.length &&
  order.items.every((item, i) => item.productId === lines[i]!.productId && item.quantity === lines[i]!.quantity);

/**
 * Places an order. With a key, a previous request that placed an order with it (and crashed
 * before its response was recorded) is answered with that order, never with a second one.
 */
export const placeNewOrder = async (
  store: OrdersStore,
  priceList: PriceList,
  request: { userId: string; lines: readonly OrderLine[]; key?: string },
  origin: Origin,
): Promise<Order> => {
  const prices = await priceList.pricesOf(request.lines.map((line) => line.productId));
  const placed = placeOrder(request, prices, origin);
  const key: OrderKey | undefined = request.key === undefined ? undefined : { userId: request.userId, key: request.key };
  try {
    await store.createOrder(placed, key);
    return placed.order;
  } catch (error) {
    if (!(error instanceof OrderKeyTakenError) || !key) throw error;
    return orderPlacedWith(store, key, request.lines);
  }
};

const orderPlacedWith = async (store: OrdersStore, key: OrderKey, lines: readonly OrderLine[]): Promise<Order> => {
  const orderId = await store.orderIdForKey(key);
  // The guard and its order are written in one transaction, so either missing is corruption, not a client error.
  if (!orderId) throw new Error('An order-key guard refused the write but could not be read back');
  const order = await store.getOrder(orderId);
  if (!order) throw new Error(`Order ${orderId} named by an order-key guard does not exist`);
  if (!sameLines(order, lines)) throw new OrderKeyReusedError();
  return order;
};

/** What to do with the order as it is now: optionally a transition to write, and what to answer. */
export interface Decision<R> {
  transition?: Transition;
  result: R;
}

/** Enough for a burst of consumers and a client racing on one order; more means something is wrong. */
const MAX_UPDATE_ATTEMPTS = 3;

/**
 * Optimistic update: read the order, decide, write on condition that nobody changed it in
 * between. When somebody did (a cancel racing the stock consumer), decide again on the new state,
 * so the race resolves by the state machine instead of surfacing as a spurious 409/412.
 */
export const updateOrder = async <R>(store: OrdersStore, orderId: string, decide: (order: Order) => Decision<R>): Promise<R> => {
  for (let attempt = 1; attempt <= MAX_UPDATE_ATTEMPTS; attempt += 1) {
    const order = await store.getOrder(orderId);
    if (!order) throw new NotFoundError('Order');
    const { transition, result } = decide(order);
    if (!transition) return result;
    try {
      await store.saveTransition(transition, order.version);
      return result;
    } catch (error) {
      if (!(error instanceof OrderChangedError)) throw error;
    }
  }
  throw new ConflictError(`Order ${orderId} kept changing while it was being updated; try again.`);
};

/** Applies the inventory's answer to an order: see settleOrder for what each state does with it. */
export const applyStockOutcome = (store: OrdersStore, orderId: string, stock: StockOutcome, origin: Origin) =>
  updateOrder(store, orderId, (order) => {
    const settlement = settleOrder(order, stock, origin);
    return settlement.outcome === 'applied'
      ? { transition: settlement.transition, result: settlement.outcome }
      : { result: settlement.outcome };
  });

export interface ExpiryReport {
  /** Orders found PENDING past their deadline. */
  found: number;
  /** Of those, the ones this run rejected (the others settled in the meantime). */
  rejected: number;
}

/**
 * Rejects, with reason `timeout`, up to `limit` orders still PENDING since `cutoff` or earlier,
 * oldest first. Each decision is taken on a consistent read and written on the version read, so a
 * confirmation or a cancellation racing the deadline wins or loses whole; the rejection carries
 * the correlation id of the request that placed the order.
 */
export const expireOverdueOrders = async (store: OrdersStore, cutoff: string, limit: number): Promise<ExpiryReport> => {
  const overdue = await store.pendingSince(cutoff, limit);
  let rejected = 0;
  for (const { orderId, correlationId } of overdue) {
    const outcome = await updateOrder(store, orderId, (order) => {
      const transition = expireOrder(order, { correlationId });
      return transition ? { transition, result: 'rejected' as const } : { result: 'settled' as const };
    });
    if (outcome === 'rejected') rejected += 1;
  }
  return { found: overdue.length, rejected };
};
