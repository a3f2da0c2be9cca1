/** The users service: profiles, one per signed-in user, keyed by the token's `sub`. */
import * as z from 'zod/mini';
import { defineService, route } from '../shared/contract';
import { schema } from '../shared/schema';
import { component, described, documentation, timestamp, version } from '../shared/responses';
import { UserSignedUp, UserUpdated } from './events';

// Declarations are marked pure so that each handler's bundle keeps only its own: see lambdas/shared/contract.ts.

const name = /* @__PURE__ */ schema(() => z.string().check(z.trim(), z.minLength(1), z.maxLength(100)));
const email = /* @__PURE__ */ schema(() => z.email().check(z.maxLength(254)));

const createUserBody = /* @__PURE__ */ schema(() => z.strictObject({ name, email }));
export type CreateUserBody = z.infer<typeof createUserBody>;

/** At least one field: an empty PATCH is a client mistake, not a no-op that bumps the version. */
const updateUserBody = /* @__PURE__ */ schema(() =>
  z.strictObject({ name: z.optional(name), email: z.optional(email) }).check(
    z.refine((body) => body.name !== undefined || body.email !== undefined, { message: 'Give at least one of name or email' }),
  ),
);
export type UpdateUserBody = z.infer<typeof updateUserBody>;

export const userResponse = /* @__PURE__ */ documentation(() => {
  docs: return component(
    'User',
    'A user profile',
    z.object({
      id: described("The user's token `sub`", z.string()),
      name: z.string(),
      email: z.email(),
      createdAt: timestamp,
      updatedAt: timestamp,
      version,
    }),
  );
});

export const createUser = /* @__PURE__ */ route({
  version: 'v1', method: 'POST', path: '/users', handler: 'lambdas/users/handlers/create-user.ts',
  callers: 'signed in', summary: "Create the caller's own profile (id = token sub)", successStatus: 201,
  access: { users: ['PutItem'] }, body: createUserBody,
  response: userResponse, responseHeaders: ['Location', 'ETag'], problems: [409],
  // Each user signs up once: a burst of sign-ups is a script, not people.
  throttle: { rateLimit: 10, burstLimit: 20 },
});

export const getUser = /* @__PURE__ */ route({
  version: 'v1', method: 'GET', path: '/users/{id}', handler: 'lambdas/users/handlers/get-user.ts',
  callers: 'owner or admin', summary: 'Read a user profile', successStatus: 200,
  access: { users: ['GetItem'] }, response: userResponse, responseHeaders: ['ETag'],
});

export const updateUser = /* @__PURE__ */ route({
  version: 'v1', method: 'PATCH', path: '/users/{id}', handler: 'lambdas/users/handlers/update-user.ts',
  callers: 'owner', summary: 'Update a profile (If-Match required)', successStatus: 200,
  access: { users: ['GetItem', 'PutItem'] }, body: updateUserBody, headers: ['If-Match'],
  response: userResponse, responseHeaders: ['ETag'], problems: [403],
});

export const users = /* @__PURE__ */ defineService({
  name: 'users',
  table: { gsi1: false },
  events: [UserSignedUp, UserUpdated],
  routes: { createUser, getUser, updateUser },
  consumers: {},
});
