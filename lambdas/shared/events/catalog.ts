import * as z from 'zod/mini';

/**
 * Every domain event's `data`, defined once. Producers validate against these before writing
 * to the outbox; consumers parse with them before acting.
 */
const id = z.string().check(z.minLength(1));
const orderLine = z.strictObject({
  productId: id,
  quantity: z.int().check(z.minimum(1)),
});

export const eventSchemas = {
  UserSignedUp: z.strictObject({ userId: id, name: z.string(), email: z.string() }),
  UserUpdated: z.strictObject({
    userId: id,
    changes: z.strictObject({ name: z.optional(z.string()), email: z.optional(z.string()) }),
  }),
  ProductCreated: z.strictObject({
    productId: id,
    name: z.string(),
    priceCents: z.int(),
    stock: z.int(),
  }),
  OrderPlaced: z.strictObject({
    orderId: id,
    userId: id,
    items: z.array(z.extend(orderLine, { unitPriceCents: z.int() })).check(z.minLength(1)),
    totalCents: z.int(),
  }),
  OrderCancelled: z.strictObject({
    orderId: id,
    userId: id,
    previousStatus: z.enum(['PENDING', 'CONFIRMED']),
  }),
  OrderConfirmed: z.strictObject({ orderId: id, userId: id }),
  OrderRejected: z.strictObject({ orderId: id, userId: id, reason: z.string() }),
  StockReserved: z.strictObject({ orderId: id, items: z.array(orderLine).check(z.minLength(1)) }),
  StockReservationFailed: z.strictObject({ orderId: id, productId: id, reason: z.string() }),
  StockReleased: z.strictObject({ orderId: id, items: z.array(orderLine).check(z.minLength(1)) }),
} as const;

export type EventType = keyof typeof eventSchemas;
export type EventData<T extends EventType> = z.infer<(typeof eventSchemas)[T]>;
export const EVENT_TYPES = Object.keys(eventSchemas) as EventType[];
