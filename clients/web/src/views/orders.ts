/**
 * The user's orders. A PENDING order is polled until the inventory decides (CONFIRMED or
 * REJECTED, with its reason), and the change is announced without a reload.
 */
import type { ApiClient, Order } from '@serverless-gateway-events/client';
import { fill, formatCents, formatDate, h } from '../dom';
import type { ProblemRegion } from './problem';

const FIRST_POLL_MS = 400;
const MAX_POLL_MS = 3_000;
/** Longer than the orders' deadline (10 minutes), after which a PENDING order is rejected. */
const GIVE_UP_AFTER_MS = 12 * 60_000;
const CANCELLABLE = new Set(['PENDING', 'CONFIRMED']);

export class OrdersView {
  readonly element: HTMLElement;
  private readonly list = h('ul', { class: 'orders' });
  private readonly announcer = h('p', { class: 'visually-hidden', role: 'status' });
  private readonly orders = new Map<string, Order>();
  private readonly polling = new Set<string>();
  private stopped = false;

  constructor(
    private readonly api: ApiClient,
    private readonly userId: string,
    private readonly problems: ProblemRegion,
    private readonly productName: (productId: string) => string,
    /** Called when an order leaves PENDING or is cancelled: stock and notifications have changed. */
    private readonly onSettled: () => void,
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
    for (const order of outcome.data.items) this.orders.set(order.id, order);
    this.render();
    for (const order of outcome.data.items) if (order.status === 'PENDING') void this.poll(order.id);
  }

  /** A newly placed order: shown at once, then followed until it is decided. */
  track(order: Order): void {
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

  private async poll(orderId: string): Promise<void> {
    if (this.polling.has(orderId)) return;
    this.polling.add(orderId);
    const giveUpAt = Date.now() + GIVE_UP_AFTER_MS;
    let delay = FIRST_POLL_MS;
    try {
      while (!this.stopped && Date.now() < giveUpAt) {
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 1.5, MAX_POLL_MS);
        const outcome = await this.api.getOrder(orderId);
        if (!outcome.ok) {
          // The client already retried what is worth retrying: show why, and keep following.
          this.problems.show(outcome);
          continue;
        }
        if (outcome.data.status === 'PENDING') continue;
        this.update(outcome.data);
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
