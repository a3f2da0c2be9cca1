/** The orders service: orders and their lifecycle, settled by the inventory's answers. */
import * as z from 'zod/mini';
import { StockReservationFailed, StockReserved } from '../products/events';
import { pageQuery } from '../shared/pagination';
import { consumer, defineService, job, route } from '../shared/contract';
import { MAX_PER_RUN_ENV, ORDER_DEADLINE_SECONDS_ENV } from '../shared/env';
import { schema } from '../shared/schema';
import { component, described, documentation, pageOf, timestamp, ulid, version } from '../shared/responses';
import { OrderCancelled, OrderConfirmed, OrderPlaced, OrderRejected } from './events';

// Declarations are marked pure so that each handler's bundle keeps only its own: see lambdas/shared/contract.ts.

const MAX_ORDER_LINES = 25;

const placeOrderBody = /* @__PURE__ */ schema(() =>
  z.strictObject({
    items: z
      .array(
        z.strictObject({
          productId: z.string().check(z.minLength(1), z.maxLength(64)),
          quantity: z.int().check(z.minimum(1), z.maximum(100)),
        }),
      )
      .check(
        z.minLength(1),
        z.maxLength(MAX_ORDER_LINES),
        z.refine((items) => new Set(items.map((item) => item.productId)).size === items.length, {
          message: 'Each productId may appear only once',
        }),
      ),
  }),
);
export type PlaceOrderBody = z.infer<typeof placeOrderBody>;

export const orderResponse = /* @__PURE__ */ documentation(() => {
  docs: return component(
    'Order',
    'An order',
    z.object({
      id: ulid,
      userId: z.string(),
      items: z.array(
        component(
          'OrderItem',
          'One line of an order, priced when it was placed',
          z.object({
            productId: z.string(),
            quantity: z.int().check(z.minimum(1)),
            unitPriceCents: described("The product's price when the order was placed", z.int()),
          }),
        ),
      ),
      totalCents: z.int(),
      status: described(
        'PENDING until the inventory reserves stock (CONFIRMED) or cannot (REJECTED); the owner may cancel',
        z.enum(['PENDING', 'CONFIRMED', 'REJECTED', 'CANCELLED']),
      ),
      reason: z.optional(described('Why stock could not be reserved; only on REJECTED orders', z.string())),
      createdAt: timestamp,
      updatedAt: timestamp,
      version,
    }),
  );
});

export const placeOrder = /* @__PURE__ */ route({
  version: 'v1', method: 'POST', path: '/orders', handler: 'lambdas/orders/handlers/place-order.ts',
  callers: 'signed in', summary: 'Place an order (honours Idempotency-Key)', successStatus: 201,
  // Prices come from the products table (read-only, through the products reader) so that the
  // price at order time is authoritative; the idempotency records live in the orders table
  // (Powertools needs Get/Put/Update/Delete).
  access: { products: ['BatchGetItem'], orders: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'] },
  body: placeOrderBody, headers: ['Idempotency-Key'],
  response: orderResponse, responseHeaders: ['Location'], problems: [422],
});

export const getOrder = /* @__PURE__ */ route({
  version: 'v1', method: 'GET', path: '/orders/{id}', handler: 'lambdas/orders/handlers/get-order.ts',
  callers: 'owner or admin', summary: 'Read an order', successStatus: 200,
  access: { orders: ['GetItem'] }, response: orderResponse,
});

export const listUserOrders = /* @__PURE__ */ route({
  version: 'v1', method: 'GET', path: '/users/{id}/orders', handler: 'lambdas/orders/handlers/list-user-orders.ts',
  callers: 'owner or admin', summary: "A user's orders, newest first", successStatus: 200,
  access: { orders: ['Query'] }, query: pageQuery, response: /* @__PURE__ */ pageOf('OrderPage', orderResponse),
});

export const cancelOrder = /* @__PURE__ */ route({
  version: 'v1', method: 'POST', path: '/orders/{id}/cancel', handler: 'lambdas/orders/handlers/cancel-order.ts',
  callers: 'owner', summary: 'Cancel a PENDING or CONFIRMED order', successStatus: 200,
  access: { orders: ['GetItem', 'PutItem'] }, response: orderResponse, problems: [403, 409],
});

/** On the confirmation path: no batching window. */
export const ordersConsumer = /* @__PURE__ */ consumer({
  handler: 'lambdas/orders/handlers/consume.ts', events: [StockReserved, StockReservationFailed],
  access: { orders: ['GetItem', 'PutItem'] },
  batchSize: 10, maxBatchingWindowSeconds: 0, maxConcurrency: 5, timeoutSeconds: 30, maxReceiveCount: 5,
});

/**
 * The deadline of every order: a scheduled job (StageConfig.jobs['orders-deadline'] says how
 * often, and after how long an order is overdue) that rejects PENDING orders past it. It finds them
 * in the awaiting index and writes each rejection with its OrderRejected event, like any transition.
 */
const expireOrders = /* @__PURE__ */ job({
  handler: 'lambdas/orders/handlers/expire-orders.ts',
  description: 'Rejects orders still PENDING past their deadline (reason timeout)',
  access: { orders: ['Query', 'GetItem', 'PutItem'] },
  timeoutSeconds: 60,
  settings: { deadlineSeconds: ORDER_DEADLINE_SECONDS_ENV, maxPerRun: MAX_PER_RUN_ENV },
});

export const orders = /* @__PURE__ */ defineService({
  name: 'orders',
  table: { gsi1: true },
  events: [OrderPlaced, OrderCancelled, OrderConfirmed, OrderRejected],
  routes: { placeOrder, getOrder, listUserOrders, cancelOrder },
  consumers: { orders: ordersConsumer },
  jobs: { 'orders-deadline': expireOrders },
});
