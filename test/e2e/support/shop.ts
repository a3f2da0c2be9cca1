/**
 * The steps most end-to-end tests share, through the typed client (support/client.ts): an admin
 * creates a product, a user places an order, and a test waits for the order to leave PENDING.
 * Each step asserts its status, so a broken step fails where it broke, not three steps later.
 */
import type { ApiClient, Notification, Order, Product } from '@serverless-gateway-events/client';
import { eventually, unique } from './api-client';
import { expectOk, type Client } from './client';

export type { Notification, Order, Product };

export const createProduct = async (admin: ApiClient, stock: number): Promise<Product> =>
  expectOk(await admin.createProduct({ name: unique('product'), priceCents: 1999, stock }), 201);

export const stockOf = async (client: ApiClient, productId: string): Promise<number> => expectOk(await client.getProduct(productId)).stock;

export const placeOrder = async (client: ApiClient, productId: string, quantity: number): Promise<Order> =>
  expectOk(await client.placeOrder({ items: [{ productId, quantity }] }), 201);

/** The newest 100 orders of the client's user. */
export const ordersOf = async (client: Client): Promise<Order[]> => [...expectOk(await client.listUserOrders({ userId: client.userId, limit: 100 })).items];

/** The newest 100 notifications of the client's user. */
export const notificationsOf = async (client: Client): Promise<Notification[]> =>
  [...expectOk(await client.listUserNotifications({ userId: client.userId, limit: 100 })).items];

/**
 * How often waiting tests poll. Polling competes for the same two cores as the work being waited
 * on (and for the same few warm instances of the read functions), so not too often.
 */
const POLL_INTERVAL_MS = 250;

/** Waits until the order is no longer PENDING, and returns it. */
export const settledOrder = (client: ApiClient, orderId: string, timeoutMs = 60_000): Promise<Order> =>
  eventually(
    async () => expectOk(await client.getOrder(orderId)),
    (order) => order.status !== 'PENDING',
    { timeoutMs, intervalMs: POLL_INTERVAL_MS, what: `order ${orderId} to be settled` },
  );

/** Waits until none of the client's user's orders (the newest 100) is PENDING any more, and returns them: one request per poll. */
export const settledOrdersOf = (client: Client, count: number, timeoutMs = 60_000): Promise<Order[]> =>
  eventually(
    () => ordersOf(client),
    (orders) => orders.length === count && orders.every((order) => order.status !== 'PENDING'),
    { timeoutMs, intervalMs: POLL_INTERVAL_MS, what: `the ${count} orders of ${client.userId} to be settled` },
  );
