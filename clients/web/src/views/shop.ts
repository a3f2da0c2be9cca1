/** The signed-in page: products, the admin's product form, orders and notifications. */
import type { ApiClient, Order } from '@serverless-gateway-events/client';
import type { Session } from '../auth/session';
import { h } from '../dom';
import { newProductForm } from './new-product';
import { NotificationsView } from './notifications';
import { OrdersView } from './orders';
import type { ProblemRegion } from './problem';
import { ProductsView } from './products';

const FOLLOW_UP_MS = 20_000;
const FOLLOW_UP_EVERY_MS = 1_500;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const shopPage = (api: ApiClient, session: Session, problems: ProblemRegion): { element: HTMLElement; stop(): void } => {
  const names = new Map<string, string>();
  const notifications = new NotificationsView(api, session.userId, problems);
  let orders: OrdersView | undefined = undefined;
  const products = new ProductsView(api, problems, (order: Order) => orders?.track(order));
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
   * through its own consumer, moments later: refresh both for a while after each such change.
   */
  const followUp = (): void => {
    refreshUntil = Date.now() + FOLLOW_UP_MS;
    if (refreshing) return;
    refreshing = true;
    void (async () => {
      try {
        while (!stopped && Date.now() < refreshUntil) {
          await sleep(FOLLOW_UP_EVERY_MS);
          await Promise.all([refreshProducts(), notifications.refresh()]);
        }
      } finally {
        refreshing = false;
      }
    })();
  };
  orders = new OrdersView(api, session.userId, problems, (id) => names.get(id) ?? id, followUp);
  const element = h(
    'div',
    { class: 'shop' },
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
      orders.stop();
    },
  };
};
