/** The events the orders service publishes: its public contract with every consumer. */
import * as z from 'zod/mini';
import { eventsOf } from '../shared/contract';
import { schema } from '../shared/schema';

const event = /* @__PURE__ */ eventsOf('orders');
const id = /* @__PURE__ */ schema(() => z.string().check(z.minLength(1)));
const orderLine = /* @__PURE__ */ schema(() => z.strictObject({ productId: id, quantity: z.int().check(z.minimum(1)) }));

export const OrderPlaced = /* @__PURE__ */ event('OrderPlaced', {
  version: 1,
  description: 'A user placed an order; it is PENDING until stock is reserved.',
  data: /* @__PURE__ */ schema(() => z.strictObject({
    orderId: id,
    userId: id,
    items: z.array(z.extend(orderLine, { unitPriceCents: z.int() })).check(z.minLength(1)),
    totalCents: z.int(),
  })),
});

export const OrderCancelled = /* @__PURE__ */ event('OrderCancelled', {
  version: 1,
  description: 'The owner cancelled a PENDING or CONFIRMED order.',
  data: /* @__PURE__ */ schema(() => z.strictObject({ orderId: id, userId: id, previousStatus: z.enum(['PENDING', 'CONFIRMED']) })),
});

export const OrderConfirmed = /* @__PURE__ */ event('OrderConfirmed', {
  version: 1,
  description: 'Stock was reserved; the order is CONFIRMED.',
  data: /* @__PURE__ */ schema(() => z.strictObject({ orderId: id, userId: id })),
});

export const OrderRejected = /* @__PURE__ */ event('OrderRejected', {
  version: 1,
  description: 'Stock could not be reserved, or the order stayed PENDING past its deadline (reason `timeout`); the order is REJECTED.',
  data: /* @__PURE__ */ schema(() => z.strictObject({ orderId: id, userId: id, reason: z.string() })),
});
