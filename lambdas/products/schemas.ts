import * as z from 'zod/mini';

export const createProductBody = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  priceCents: z.int().check(z.positive(), z.maximum(100_000_000)),
  stock: z.int().check(z.minimum(0), z.maximum(1_000_000)),
});
export type CreateProductBody = z.infer<typeof createProductBody>;

/**
 * For routes that take no query parameters: one sent anyway is a client's mistake (a misspelt
 * `limit`, a filter we do not support), refused with 400 rather than silently ignored.
 */
export const noQuery = z.strictObject({});
