import * as z from 'zod/mini';

const name = z.string().check(z.trim(), z.minLength(1), z.maxLength(100));
const email = z.email().check(z.maxLength(254));

export const createUserBody = z.strictObject({ name, email });
export type CreateUserBody = z.infer<typeof createUserBody>;

/** At least one field: an empty PATCH is a client mistake, not a no-op that bumps the version. */
export const updateUserBody = z.strictObject({ name: z.optional(name), email: z.optional(email) }).check(
  z.refine((body) => body.name !== undefined || body.email !== undefined, {
    message: 'Give at least one of name or email',
  }),
);
export type UpdateUserBody = z.infer<typeof updateUserBody>;
