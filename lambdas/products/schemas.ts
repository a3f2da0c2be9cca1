import * as z from 'zod';

export const createProductBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  priceCents: z.number().int().positive().max(100_000_000),
  stock: z.number().int().min(0).max(1_000_000),
});
export type CreateProductBody = z.infer<typeof createProductBody>;

/**
 * For routes that take no query parameters: one sent anyway is a client's mistake (a misspelt
 * `limit`, a filter we do not support), refused with 400 rather than silently ignored.
 */
export const noQuery = z.strictObject({});
