/** The events the users service publishes: its public contract with every consumer. */
import * as z from 'zod/mini';
import { eventsOf } from '../shared/contract';
import { schema } from '../shared/schema';

const event = /* @__PURE__ */ eventsOf('users');
const id = /* @__PURE__ */ schema(() => z.string().check(z.minLength(1)));

export const UserSignedUp = /* @__PURE__ */ event('UserSignedUp', {
  version: 1,
  description: 'A user created their profile.',
  data: /* @__PURE__ */ schema(() => z.strictObject({ userId: id, name: z.string(), email: z.string() })),
});

export const UserUpdated = /* @__PURE__ */ event('UserUpdated', {
  version: 1,
  description: 'A user changed their name or email.',
  data: /* @__PURE__ */ schema(() => z.strictObject({
    userId: id,
    changes: z.strictObject({ name: z.optional(z.string()), email: z.optional(z.string()) }),
  })),
});
