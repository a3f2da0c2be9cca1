/** The events the users service publishes: its public contract with every consumer. */
import * as z from 'zod/mini';
import { eventsOf } from '../shared/contract';

const event = eventsOf('users');
const id = z.string().check(z.minLength(1));

export const UserSignedUp = event('UserSignedUp', {
  version: 1,
  description: 'A user created their profile.',
  data: z.strictObject({ userId: id, name: z.string(), email: z.string() }),
});

export const UserUpdated = event('UserUpdated', {
  version: 1,
  description: 'A user changed their name or email.',
  data: z.strictObject({
    userId: id,
    changes: z.strictObject({ name: z.optional(z.string()), email: z.optional(z.string()) }),
  }),
});
