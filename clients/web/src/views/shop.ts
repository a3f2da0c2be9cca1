/**
 * The signed-in page: products, the admin's product form, orders and notifications. Order
 * decisions and notifications are pushed over live events; while the socket is not open the page
 * polls instead (unless polling is turned off), and it reads the current state again each time the
 * socket opens, since what was pushed while it was closed is not sent again.
 */
import type { ApiClient, Order } from '@serverless-gateway-events/client';
import type { Session } from '../auth/session';
import { h } from '../dom';
import { LiveStatus } from './live-status';
import { newProductForm } from './new-product';
import { NotificationsView } from './notifications';
import { OrdersView } from './orders';
import type { ProblemRegion } from './problem';
import { ProductsView } from './products';

const FOLLOW_UP_MS = 20_000;
const FOLLOW_UP_EVERY_MS = 1_500;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface ShopOptions {
  /** Poll while live events are not connected (`?poll=off` turns it off, so that a test sees only what is pushed). */
  readonly polling: boolean;
  /** Whether the stage has live events (its config.json names the socket). */
  readonly live: boolean;
}

export const shopPage = (api: ApiClient, session: Session, problems: ProblemRegion, { polling, live }: ShopOptions): { element: HTMLElement; stop(): void } => {
  const names = new Map<string, string>();
  const notifications = new NotificationsView(api, session.userId, problems);
  let orders: OrdersView | undefined = undefined;
  const products = new ProductsView(api, problems, (order: Order) => orders?.track(order));
  const liveStatus = new LiveStatus(polling);
  const pushing = (): boolean => api.live.state === 'open';
  const refreshProducts = async (): Promise<void> => {
    await products.refresh();
    for (const item of products.element.querySelectorAll<HTMLElement>('[data-product-id]')) {
      names.set(item.dataset.productId!, item.querySelector('.product-name')!.textContent!);
    }
  };
  let stopped = false;
  let refreshUntil = 0;
  let refreshing = false;
  /**
   * A new profile, or a decided or cancelled order, changes stock and brings a notification, each
   * through its own consumer, moments later: refresh for a while after each such change. Stock is
   * never pushed, so products are refreshed either way; notifications only while none are pushed.
   */
  const followUp = (): void => {
    if (!polling) return;
    refreshUntil = Date.now() + FOLLOW_UP_MS;
    if (refreshing) return;
    refreshing = true;
    void (async () => {
      try {
        while (!stopped && Date.now() < refreshUntil) {
          await sleep(FOLLOW_UP_EVERY_MS);
          await Promise.all([refreshProducts(), pushing() ? undefined : notifications.refresh()]);
        }
      } finally {
        refreshing = false;
      }
    })();
  };
  const settled = (): void => {
    // A decision has already reserved the stock; a cancellation's release follows, which followUp catches.
    void refreshProducts();
    followUp();
  };
  orders = new OrdersView(api, session.userId, problems, (id) => names.get(id) ?? id, settled, () => polling && !pushing());

  /** Pushed changes are applied in place; the socket's state drives the indicator and the fallback to polling. */
  const subscribe = (): (() => void)[] => [
    api.live.onState((state) => {
      liveStatus.show(state);
      // What was pushed while the socket was closed is not sent again: read it.
      if (state === 'open') void Promise.all([orders.refresh(), notifications.refresh()]);
      else if (state === 'closed') orders.resumePolling();
    }),
    api.live.on('OrderConfirmed', ({ data }) => orders.applyPushed(data.orderId, { status: 'CONFIRMED' })),
    api.live.on('OrderRejected', ({ data }) => orders.applyPushed(data.orderId, { status: 'REJECTED', reason: data.reason })),
    api.live.on('OrderCancelled', ({ data }) => orders.applyPushed(data.orderId, { status: 'CANCELLED' })),
    api.live.on('NotificationCreated', ({ data }) => notifications.prepend(data)),
  ];
  const unsubscribe = live ? subscribe() : [];
  liveStatus.show(api.live.state);

  const element = h(
    'div',
    { class: 'shop' },
    liveStatus.element,
    products.element,
    session.admin ? newProductForm(api, problems, () => void refreshProducts()) : null,
    orders.element,
    notifications.element,
  );
  void refreshProducts().then(() => orders.refresh());
  void notifications.refresh();
  // The welcome notification of a profile created moments ago.
  followUp();
  return {
    element,
    stop: () => {
      stopped = true;
      for (const stop of unsubscribe) stop();
      orders.stop();
    },
  };
};
