import * as z from 'zod/mini';

export const MAX_ORDER_LINES = 25;

export const placeOrderBody = z.strictObject({
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
});
export type PlaceOrderBody = z.infer<typeof placeOrderBody>;
