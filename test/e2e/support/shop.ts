/**
 * The steps most end-to-end tests share, over the public API: an admin creates a product, a user
 * places an order, and a test waits for the order to leave PENDING. Each step asserts its status,
 * so a broken step fails where it broke, not three steps later.
 */
import { expect } from 'vitest';
import { eventually, unique, type ApiClient } from './api-client';

export interface Product {
  readonly id: string;
  readonly name: string;
  readonly stock: number;
}

export interface Order {
  readonly id: string;
  readonly userId: string;
  readonly status: 'PENDING' | 'CONFIRMED' | 'REJECTED' | 'CANCELLED';
  readonly reason?: string;
}

export const createProduct = async (api: ApiClient, adminToken: string, stock: number): Promise<Product> => {
  const response = await api.post<Product>('/v1/products', { token: adminToken, body: { name: unique('product'), priceCents: 1999, stock } });
  expect(response.status, response.text).toBe(201);
  return response.body;
};

export const stockOf = async (api: ApiClient, token: string, productId: string): Promise<number> => {
  const response = await api.get<Product>(`/v1/products/${productId}`, { token });
  expect(response.status, response.text).toBe(200);
  return response.body.stock;
};

export const placeOrder = async (api: ApiClient, token: string, productId: string, quantity: number): Promise<Order> => {
  const response = await api.post<Order>('/v1/orders', { token, body: { items: [{ productId, quantity }] } });
  expect(response.status, response.text).toBe(201);
  return response.body;
};

/**
 * How often waiting tests poll. Polling competes for the same two cores as the work being waited
 * on (and for the same few warm instances of the read functions), so not too often.
 */
const POLL_INTERVAL_MS = 250;

/** Waits until the order is no longer PENDING, and returns it. */
export const settledOrder = (api: ApiClient, token: string, orderId: string, timeoutMs = 60_000): Promise<Order> =>
  eventually(
    async () => (await api.get<Order>(`/v1/orders/${orderId}`, { token })).body,
    (order) => order.status !== undefined && order.status !== 'PENDING',
    { timeoutMs, intervalMs: POLL_INTERVAL_MS, what: `order ${orderId} to be settled` },
  );

/** Waits until none of a user's orders (the newest 100) is PENDING any more, and returns them: one request per poll. */
export const settledOrdersOf = (api: ApiClient, token: string, userId: string, count: number, timeoutMs = 60_000): Promise<Order[]> =>
  eventually(
    async () => ((await api.get<{ items?: Order[] }>(`/v1/users/${userId}/orders?limit=100`, { token })).body.items ?? []),
    (orders) => orders.length === count && orders.every((order) => order.status !== 'PENDING'),
    { timeoutMs, intervalMs: POLL_INTERVAL_MS, what: `the ${count} orders of ${userId} to be settled` },
  );
