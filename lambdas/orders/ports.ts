import type { Page, PageQuery } from '../shared/pagination';
import type { OrderPlaced } from './events';
import type { Order, Transition } from './orders';

/** An Idempotency-Key, scoped to the user who sent it. */
export interface OrderKey {
  userId: string;
  key: string;
}

export interface OrdersStore {
  getOrder(orderId: string): Promise<Order | undefined>;
  /**
   * Writes a new order with its OrderPlaced event and, when the request carried a key, the key's
   * guard. Throws OrderKeyTakenError when that key already placed an order.
   */
  createOrder(placed: Transition<typeof OrderPlaced>, key?: OrderKey): Promise<void>;
  /** The order a key placed, while the key's guard lives. */
  orderIdForKey(key: OrderKey): Promise<string | undefined>;
  /** Writes a transition if the stored order is still at `expectedVersion`; OrderChangedError if not. */
  saveTransition(transition: Transition, expectedVersion: number): Promise<void>;
  /**
   * Up to `limit` orders PENDING since `cutoff` or earlier, oldest first, with the correlation id
   * of the request that placed each. Eventually consistent: one may have settled since.
   */
  pendingSince(cutoff: string, limit: number): Promise<PendingOrder[]>;
  /** A user's orders, newest first. */
  listUserOrders(userId: string, page: PageQuery): Promise<Page<Order>>;
}

export interface PendingOrder {
  orderId: string;
  correlationId: string;
}

/** The stored order moved on since it was read: read it again and decide again. */
export class OrderChangedError extends Error {
  constructor(orderId: string) {
    super(`Order ${orderId} changed while it was being updated`);
    this.name = 'OrderChangedError';
  }
}

/** A previous request with the same Idempotency-Key already placed an order. */
export class OrderKeyTakenError extends Error {
  constructor() {
    super('This Idempotency-Key already placed an order');
    this.name = 'OrderKeyTakenError';
  }
}

/** Unit prices in cents of the given products; products that do not exist are absent. */
export interface PriceList {
  pricesOf(productIds: readonly string[]): Promise<Map<string, number>>;
}
