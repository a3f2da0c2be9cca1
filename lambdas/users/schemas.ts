import * as z from 'zod';

const name = z.string().trim().min(1).max(100);
const email = z.email().max(254);

export const createUserBody = z.strictObject({ name, email });
export type CreateUserBody = z.infer<typeof createUserBody>;

/** At least one field: an empty PATCH is a client mistake, not a no-op that bumps the version. */
export const updateUserBody = z
  .strictObject({ name: name.optional(), email: email.optional() })
  .refine((body) => body.name !== undefined || body.email !== undefined, {
    message: 'Give at least one of name or email',
  });
export type UpdateUserBody = z.infer<typeof updateUserBody>;
