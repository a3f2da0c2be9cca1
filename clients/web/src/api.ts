/**
 * The calls the app makes, each tied to one user action's correlation id. Every outcome is
 * either the body or the API's problem (RFC 9457), never an exception the views must guess at.
 */
import type { Session } from './auth/session';
import type { WebAppConfig } from './web-config';

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status?: number;
  readonly detail?: string;
  readonly errors?: readonly { readonly path: string; readonly message: string }[];
}

export type Outcome<T> =
  | { readonly ok: true; readonly value: T; readonly correlationId: string }
  | { readonly ok: false; readonly problem: Problem; readonly correlationId: string };

export interface User {
  readonly id: string;
  readonly name: string;
  readonly email: string;
}

export interface Product {
  readonly id: string;
  readonly name: string;
  readonly priceCents: number;
  readonly stock: number;
}

export type OrderStatus = 'PENDING' | 'CONFIRMED' | 'REJECTED' | 'CANCELLED';

export interface Order {
  readonly id: string;
  readonly items: readonly { readonly productId: string; readonly quantity: number }[];
  readonly totalCents: number;
  readonly status: OrderStatus;
  readonly reason?: string;
  readonly createdAt: string;
}

export interface Notification {
  readonly id: string;
  readonly type: string;
  readonly message: string;
  readonly createdAt: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string;
}

export interface ShopApi {
  getUser(id: string): Promise<Outcome<User>>;
  createUser(body: { name: string; email: string }): Promise<Outcome<User>>;
  listProducts(): Promise<Outcome<Page<Product>>>;
  createProduct(body: { name: string; priceCents: number; stock: number }): Promise<Outcome<Product>>;
  placeOrder(body: { items: { productId: string; quantity: number }[] }): Promise<Outcome<Order>>;
  getOrder(id: string): Promise<Outcome<Order>>;
  listOrders(userId: string): Promise<Outcome<Page<Order>>>;
  cancelOrder(id: string): Promise<Outcome<Order>>;
  listNotifications(userId: string): Promise<Outcome<Page<Notification>>>;
}

const networkProblem = (error: unknown): Problem => ({
  type: 'about:blank',
  title: 'The API could not be reached',
  detail: error instanceof Error ? error.message : String(error),
});

export const createShopApi = (config: WebAppConfig, session: Session): ShopApi => {
  const base = config.apiUrl.endsWith('/') ? config.apiUrl : `${config.apiUrl}/`;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<Outcome<T>> => {
    const correlationId = crypto.randomUUID();
    try {
      const response = await fetch(new URL(path.replace(/^\//, ''), base), {
        method,
        headers: {
          authorization: `Bearer ${await session.idToken()}`,
          'x-api-key': config.apiKey,
          'x-correlation-id': correlationId,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const parsed: unknown = await response.json();
      return response.ok ? { ok: true, value: parsed as T, correlationId } : { ok: false, problem: parsed as Problem, correlationId };
    } catch (error) {
      return { ok: false, problem: networkProblem(error), correlationId };
    }
  };
  const id = encodeURIComponent;
  return {
    getUser: (userId) => call('GET', `/v1/users/${id(userId)}`),
    createUser: (body) => call('POST', '/v1/users', body),
    listProducts: () => call('GET', '/v1/products?limit=100'),
    createProduct: (body) => call('POST', '/v1/products', body),
    placeOrder: (body) => call('POST', '/v1/orders', body),
    getOrder: (orderId) => call('GET', `/v1/orders/${id(orderId)}`),
    listOrders: (userId) => call('GET', `/v1/users/${id(userId)}/orders?limit=20`),
    cancelOrder: (orderId) => call('POST', `/v1/orders/${id(orderId)}/cancel`),
    listNotifications: (userId) => call('GET', `/v1/users/${id(userId)}/notifications?limit=20`),
  };
};
