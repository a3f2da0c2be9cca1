import type { Envelope } from '../shared/events/envelope';
import type { UserSignedUp, UserUpdated } from './events';
import type { User } from './users';

/** What the users domain needs from storage; each write stores the event in the same transaction. */
export interface UsersStore {
  get(id: string): Promise<User | undefined>;
  /** Throws ConflictError when the user already has a profile. */
  create(user: User, event: Envelope<typeof UserSignedUp>): Promise<void>;
  /** Throws VersionMismatchError when the stored version is no longer `expectedVersion`. */
  update(user: User, expectedVersion: number, event: Envelope<typeof UserUpdated>): Promise<void>;
}
