import type { Connection } from './live';

/** A user's connections as one read saw them, and the version a connect made on that view must still find. */
interface UserConnections {
  readonly connections: Connection[];
  readonly version: number;
}

/** What the live domain needs from storage: a user's connections. */
export interface ConnectionsStore {
  /**
   * Records a connection, provided the user's connections are still at `seenVersion`; throws
   * ConnectionsChangedError when another connect of theirs was recorded since.
   */
  add(connection: Connection, seenVersion: number): Promise<void>;
  /** Every connection of the user still stored, expired ones included (TTL removes them late). */
  listForUser(userId: string): Promise<UserConnections>;
  remove(connection: Pick<Connection, 'userId' | 'connectionId'>): Promise<void>;
}

/** Another connect of the user's was recorded after their connections were read: count them again. */
export class ConnectionsChangedError extends Error {
  constructor(userId: string) {
    super(`The connections of user ${userId} changed while one was being added`);
    this.name = 'ConnectionsChangedError';
  }
}

/** What the stage bounds per user and per minute: the messages their apps send, the events pushed to them. */
type UserBudget = 'clientMessages' | 'pushes';

/** Per-user budgets in fixed one-minute windows, shared by every function instance (so: stored). */
export interface UserRateLimiter {
  /** Takes one from the user's budget for the minute of `nowSeconds`: false when `limit` were taken already. */
  take(userId: string, budget: UserBudget, limit: number, nowSeconds: number): Promise<boolean>;
}

/** What a post to a connection came to: sent, the connection no longer exists (410), or it failed otherwise. */
export type PostOutcome = 'delivered' | 'gone' | 'failed';

/** Pushes to open connections (the API Gateway Management API in AWS, its stand-in locally). */
export interface ConnectionPoster {
  /** Never throws: a slow or dead client must not hold the others back. */
  post(connectionId: string, message: string): Promise<PostOutcome>;
  /** Closes a connection; never throws (it may be gone already). */
  close(connectionId: string): Promise<void>;
}

/** Verifies an id token the way the REST API's Cognito authorizer does. */
export interface IdTokenVerifier {
  /** The user and the token's expiry (epoch seconds); throws when the token is not valid. */
  verify(token: string): Promise<{ readonly userId: string; readonly expiresAt: number }>;
}
