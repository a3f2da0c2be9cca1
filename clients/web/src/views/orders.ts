/**
 * The user's orders. A PENDING order changes when the inventory decides (CONFIRMED or REJECTED,
 * with its reason): pushed over live events, or polled for while they are not connected; the change
 * is announced without a reload.
 */
import type { ApiClient, Order } from '@serverless-gateway-events/client';
import { fill, formatCents, formatDate, h } from '../dom';
import type { ProblemRegion } from './problem';

const FIRST_POLL_MS = 400;
const MAX_POLL_MS = 3_000;
/** Longer than the orders' deadline (10 minutes), after which a PENDING order is rejected. */
const GIVE_UP_AFTER_MS = 12 * 60_000;
const CANCELLABLE = new Set(['PENDING', 'CONFIRMED']);
/** How far along an order is: a read or a push that is behind what is shown never takes it back. */
const PROGRESS: Record<Order['status'], number> = { PENDING: 0, CONFIRMED: 1, REJECTED: 1, CANCELLED: 2 };

/** What a pushed event says of an order. */
export type OrderChange = Pick<Order, 'status' | 'reason'>;

export class OrdersView {
  readonly element: HTMLElement;
  private readonly list = h('ul', { class: 'orders' });
  private readonly announcer = h('p', { class: 'visually-hidden', role: 'status' });
  private readonly orders = new Map<string, Order>();
  private readonly polling = new Set<string>();
  /** Changes pushed for each order, kept for a read or a placement that answers after the push. */
  private readonly pushed = new Map<string, OrderChange>();
  private stopped = false;

  constructor(
    private readonly api: ApiClient,
    private readonly userId: string,
    private readonly problems: ProblemRegion,
    private readonly productName: (productId: string) => string,
    /** Called when an order leaves PENDING or is cancelled: stock and notifications have changed. */
    private readonly onSettled: () => void,
    /** Whether to poll PENDING orders now: not while live events are connected, nor with polling turned off. */
    private readonly mayPoll: () => boolean,
  ) {
    this.element = h(
      'section',
      { 'aria-labelledby': 'orders-heading' },
      h('div', { class: 'section-head' }, h('h2', { id: 'orders-heading' }, 'Your orders'), h('button', { type: 'button', class: 'secondary', onclick: () => void this.refresh() }, 'Refresh orders')),
      this.list,
      this.announcer,
    );
  }

  async refresh(): Promise<void> {
    const outcome = await this.api.listUserOrders({ userId: this.userId, limit: 20 });
    if (!outcome.ok) return this.problems.show(outcome);
    this.orders.clear();
    for (const order of outcome.data.items) this.orders.set(order.id, this.withPushed(order));
    this.render();
    this.resumePolling();
  }

  /** Polls every PENDING order (live events disconnected): a no-op while polling may not run. */
  resumePolling(): void {
    for (const order of this.orders.values()) if (order.status === 'PENDING') void this.poll(order.id);
  }

  /** A pushed decision or cancellation: the order changes in place (one placed on another device appears). */
  applyPushed(orderId: string, change: OrderChange): void {
    this.pushed.set(orderId, change);
    const shown = this.orders.get(orderId);
    if (!shown) return void this.refresh().then(this.onSettled);
    if (PROGRESS[change.status] <= PROGRESS[shown.status]) return;
    this.update(this.withPushed(shown));
    this.onSettled();
  }

  /** A newly placed order: shown at once, then followed until it is decided. */
  track(placed: Order): void {
    const order = this.withPushed(placed);
    this.orders.delete(order.id);
    const newestFirst = new Map([[order.id, order], ...this.orders]);
    this.orders.clear();
    for (const [id, each] of newestFirst) this.orders.set(id, each);
    this.render();
    this.announce(order);
    if (order.status === 'PENDING') void this.poll(order.id);
  }

  stop(): void {
    this.stopped = true;
  }

  private withPushed(order: Order): Order {
    const change = this.pushed.get(order.id);
    return change && PROGRESS[change.status] > PROGRESS[order.status] ? { ...order, ...change } : order;
  }

  private async poll(orderId: string): Promise<void> {
    if (this.polling.has(orderId) || !this.mayPoll()) return;
    this.polling.add(orderId);
    const giveUpAt = Date.now() + GIVE_UP_AFTER_MS;
    let delay = FIRST_POLL_MS;
    try {
      while (!this.stopped && Date.now() < giveUpAt) {
        await new Promise((resolve) => setTimeout(resolve, delay));
        if (!this.mayPoll() || this.orders.get(orderId)?.status !== 'PENDING') return;
        delay = Math.min(delay * 1.5, MAX_POLL_MS);
        const outcome = await this.api.getOrder(orderId);
        if (!outcome.ok) {
          // The client already retried what is worth retrying: show why, and keep following.
          this.problems.show(outcome);
          continue;
        }
        if (outcome.data.status === 'PENDING') continue;
        this.update(this.withPushed(outcome.data));
        this.onSettled();
        return;
      }
    } finally {
      this.polling.delete(orderId);
    }
  }

  private update(order: Order): void {
    this.orders.set(order.id, order);
    this.render();
    this.announce(order);
  }

  private announce(order: Order): void {
    this.announcer.textContent = `Order ${order.id} is ${order.status}${order.reason ? `: ${order.reason}` : ''}.`;
  }

  private async cancel(order: Order, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    const outcome = await this.api.cancelOrder(order.id);
    button.disabled = false;
    if (!outcome.ok) return this.problems.show(outcome);
    this.problems.clear();
    this.update(outcome.data);
    this.onSettled();
  }

  private render(): void {
    if (this.orders.size === 0) return fill(this.list, h('li', { class: 'empty' }, 'No orders yet.'));
    fill(this.list, ...[...this.orders.values()].map((order) => this.orderItem(order)));
  }

  private orderItem(order: Order): HTMLElement {
    const lines = order.items.map((item) => `${item.quantity} × ${this.productName(item.productId)}`).join(', ');
    const cancel = CANCELLABLE.has(order.status)
      ? h('button', { type: 'button', class: 'secondary', 'aria-label': `Cancel order of ${lines}` }, 'Cancel')
      : null;
    cancel?.addEventListener('click', () => void this.cancel(order, cancel));
    return h(
      'li',
      { class: 'order', 'data-order-id': order.id, 'data-status': order.status },
      h(
        'div',
        { class: 'order-facts' },
        h('p', { class: 'order-lines' }, lines),
        h('p', {}, formatCents(order.totalCents), ' · ', h('time', { datetime: order.createdAt }, formatDate(order.createdAt))),
        order.reason ? h('p', { class: 'order-reason' }, `Reason: ${order.reason}`) : null,
      ),
      h('span', { class: `badge status-${order.status.toLowerCase()}` }, order.status),
      cancel,
    );
  }
}
