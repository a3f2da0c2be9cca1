import * as z from 'zod';

export const MAX_ORDER_LINES = 25;

export const placeOrderBody = z.strictObject({
  items: z
    .array(
      z.strictObject({
        productId: z.string().min(1).max(64),
        quantity: z.number().int().min(1).max(100),
      }),
    )
    .min(1)
    .max(MAX_ORDER_LINES)
    .refine((items) => new Set(items.map((item) => item.productId)).size === items.length, {
      message: 'Each productId may appear only once',
    }),
});
export type PlaceOrderBody = z.infer<typeof placeOrderBody>;
