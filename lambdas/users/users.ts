import { nowIso } from '../shared/clock';
import { ForbiddenError, NotFoundError, PreconditionRequiredError, VersionMismatchError } from '../shared/errors';
import { createEvent, type Envelope } from '../shared/events/envelope';
import type { Actor } from '../shared/actor';
import type { CreateUserBody, UpdateUserBody } from './contract';
import { UserSignedUp, UserUpdated } from './events';

export interface User {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Starts at 1 and grows by one on every write: the ETag, and the optimistic lock. */
  readonly version: number;
}

export interface Change<E extends Envelope> {
  readonly user: User;
  readonly event: E;
}

/**
 * The profile a signed-in caller creates for themselves, with its UserSignedUp event. The id is
 * the token's `sub`, never a value from the body, so nobody can create someone else's profile.
 */
export const signUp = (callerId: string, body: CreateUserBody, correlationId: string): Change<Envelope<typeof UserSignedUp>> => {
  const now = nowIso();
  const user: User = { id: callerId, name: body.name, email: body.email, createdAt: now, updatedAt: now, version: 1 };
  const event = createEvent(UserSignedUp, user.id, { userId: user.id, name: user.name, email: user.email }, correlationId);
  return { user, event };
};

/**
 * The next state of a profile after a PATCH, with its UserUpdated event. `changes` carries the
 * fields the client sent, even when equal to the current value: the client asked for a write,
 * and the new version it receives must match what the event announces.
 */
export const updateProfile = (current: User, patch: UpdateUserBody, correlationId: string): Change<Envelope<typeof UserUpdated>> => {
  const changes = {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.email !== undefined ? { email: patch.email } : {}),
  };
  const user: User = { ...current, ...changes, updatedAt: nowIso(), version: current.version + 1 };
  const event = createEvent(UserUpdated, user.id, { userId: user.id, changes }, correlationId);
  return { user, event };
};

/**
 * Owners and admins may read a profile. Anyone else gets the same NotFoundError as for a missing
 * id, so that probing ids reveals nothing about who has signed up.
 */
export const assertCanRead = (caller: Actor, userId: string): void => {
  if (caller.id !== userId && !caller.isAdmin) throw new NotFoundError('User');
};

/**
 * Only the owner may change a profile. An admin can already see it exists, so they are told
 * plainly (403); anyone else learns nothing (404, as for reads).
 */
export const assertCanUpdate = (caller: Actor, userId: string): void => {
  if (caller.id === userId) return;
  if (caller.isAdmin) throw new ForbiddenError('Only the owner may change a profile.');
  throw new NotFoundError('User');
};

/**
 * The version a PATCH expects, from its parsed If-Match: absent means the client did not say
 * which state it is changing (428); unparsable can never match a stored version (412).
 */
export const requireExpectedVersion = (fromIfMatch: number | undefined): number => {
  if (fromIfMatch === undefined) throw new PreconditionRequiredError();
  if (!Number.isSafeInteger(fromIfMatch)) throw new VersionMismatchError();
  return fromIfMatch;
};

/**
 * Compares the version the client last saw (from If-Match) with the stored one. The store
 * checks it again inside the write, which is what settles a race; this early check only spares
 * a doomed transaction.
 */
export const assertVersion = (current: User, expectedVersion: number): void => {
  if (current.version !== expectedVersion) throw new VersionMismatchError();
};
