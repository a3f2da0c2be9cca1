import * as z from 'zod';

/**
 * Every domain event's `data`, defined once. Producers validate against these before writing
 * to the outbox; consumers parse with them before acting.
 */
const id = z.string().min(1);
const orderLine = z.strictObject({
  productId: id,
  quantity: z.number().int().min(1),
});

export const eventSchemas = {
  UserSignedUp: z.strictObject({ userId: id, name: z.string(), email: z.string() }),
  UserUpdated: z.strictObject({
    userId: id,
    changes: z.strictObject({ name: z.string().optional(), email: z.string().optional() }),
  }),
  ProductCreated: z.strictObject({
    productId: id,
    name: z.string(),
    priceCents: z.number().int(),
    stock: z.number().int(),
  }),
  OrderPlaced: z.strictObject({
    orderId: id,
    userId: id,
    items: z.array(orderLine.extend({ unitPriceCents: z.number().int() })).min(1),
    totalCents: z.number().int(),
  }),
  OrderCancelled: z.strictObject({
    orderId: id,
    userId: id,
    previousStatus: z.enum(['PENDING', 'CONFIRMED']),
  }),
  OrderConfirmed: z.strictObject({ orderId: id, userId: id }),
  OrderRejected: z.strictObject({ orderId: id, userId: id, reason: z.string() }),
  StockReserved: z.strictObject({ orderId: id, items: z.array(orderLine).min(1) }),
  StockReservationFailed: z.strictObject({ orderId: id, productId: id, reason: z.string() }),
  StockReleased: z.strictObject({ orderId: id, items: z.array(orderLine).min(1) }),
} as const;

export type EventType = keyof typeof eventSchemas;
export type EventData<T extends EventType> = z.infer<(typeof eventSchemas)[T]>;
export const EVENT_TYPES = Object.keys(eventSchemas) as EventType[];
