/**
 * The events the products service publishes, from its API and from its inventory consumer: its
 * public contract with every consumer.
 */
import * as z from 'zod/mini';
import { eventsOf } from '../shared/contract';
import { schema } from '../shared/schema';

const event = /* @__PURE__ */ eventsOf('products');
const id = /* @__PURE__ */ schema(() => z.string().check(z.minLength(1)));
const reservedLines = /* @__PURE__ */ schema(() => z.array(z.strictObject({ productId: id, quantity: z.int().check(z.minimum(1)) })).check(z.minLength(1)));

export const ProductCreated = /* @__PURE__ */ event('ProductCreated', {
  version: 1,
  description: 'An admin added a product with its initial stock.',
  data: /* @__PURE__ */ schema(() => z.strictObject({ productId: id, name: z.string(), priceCents: z.int(), stock: z.int() })),
});

export const StockReserved = /* @__PURE__ */ event('StockReserved', {
  version: 1,
  description: 'Every line of an order was reserved, all or nothing.',
  data: /* @__PURE__ */ schema(() => z.strictObject({ orderId: id, items: reservedLines })),
});

export const StockReservationFailed = /* @__PURE__ */ event('StockReservationFailed', {
  version: 1,
  description: 'A line of an order could not be reserved.',
  data: /* @__PURE__ */ schema(() => z.strictObject({ orderId: id, productId: id, reason: z.string() })),
});

export const StockReleased = /* @__PURE__ */ event('StockReleased', {
  version: 1,
  description: "A cancelled order's reservation, or one whose order was rejected by its deadline, was returned to stock.",
  data: /* @__PURE__ */ schema(() => z.strictObject({ orderId: id, items: reservedLines })),
});
