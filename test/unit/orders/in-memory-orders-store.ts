import type { Order, Transition } from '../../../lambdas/orders/orders';
import { OrderChangedError, type OrdersStore, type PendingOrder } from '../../../lambdas/orders/ports';
import type { Envelope } from '../../../lambdas/shared/events/envelope';

/**
 * The orders store's contract in memory, with the semantics of its DynamoDB conditions: a
 * transition is written only on the version it was decided on, and each write stores its event
 * (the outbox) with it. PENDING orders are found by `pendingSince` as the awaiting index finds them.
 */
export class InMemoryOrdersStore implements OrdersStore {
  readonly orders = new Map<string, Order>();
  readonly correlationIds = new Map<string, string>();
  readonly events: Envelope[] = [];

  async getOrder(orderId: string): Promise<Order | undefined> {
    const order = this.orders.get(orderId);
    return order && structuredClone(order);
  }

  async createOrder({ order, event }: Transition): Promise<void> {
    this.orders.set(order.id, structuredClone(order));
    this.correlationIds.set(order.id, event.correlationId);
    this.events.push(event);
  }

  async orderIdForKey(): Promise<string | undefined> {
    return undefined;
  }

  async saveTransition({ order, event }: Transition, expectedVersion: number): Promise<void> {
    if (this.orders.get(order.id)?.version !== expectedVersion) throw new OrderChangedError(order.id);
    this.orders.set(order.id, structuredClone(order));
    this.events.push(event);
  }

  async pendingSince(cutoff: string, limit: number): Promise<PendingOrder[]> {
    return [...this.orders.values()]
      .filter((order) => order.status === 'PENDING' && order.createdAt <= cutoff)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .slice(0, limit)
      .map((order) => ({ orderId: order.id, correlationId: this.correlationIds.get(order.id)! }));
  }

  async listUserOrders(): Promise<never> {
    throw new Error('Not used by these tests');
  }
}
